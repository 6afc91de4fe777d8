-- schemaguard 0.3.0: `schemaguard migrate --accept-changed VERSION` is recorded.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.3.0'" to load this file. \quit

-- One row for each time an applied migration's changed file was accepted: which
-- version, the checksum it had been applied with and the one accepted, by whom, when.
CREATE TABLE schemaguard.checksum_acceptances (
    version      text NOT NULL,
    old_checksum text NOT NULL,
    new_checksum text NOT NULL,
    accepted_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    accepted_by  text NOT NULL DEFAULT CURRENT_USER,
    PRIMARY KEY (version, accepted_at)
);
SELECT pg_catalog.pg_extension_config_dump('schemaguard.checksum_acceptances', '');
REVOKE ALL ON schemaguard.checksum_acceptances FROM PUBLIC;
