\set SHOW_CONTEXT never
-- Waivers: documented debt (legacy bridges). A waived violation never blocks and is
-- reported with status 'waived'; an expired waiver stops waiving.
SET schemaguard.mode = off;
CREATE TABLE tracks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz, file_path text);
CREATE INDEX tracks_file_path_idx ON tracks (file_path);
RESET schemaguard.mode;

SELECT schemaguard.waive('tracks', 'index_naming', 'legacy bridge: tracks.file_path until files move to file_id');
SELECT table_name, rule, reason, expires, created_by, expired FROM schemaguard.waivers;
SELECT rule, object_name, status FROM schemaguard.violations() WHERE table_name = 'tracks';
SELECT rule, status, violations, waived, notes FROM schemaguard.compliance() WHERE rule = 'index_naming';
-- a waived rule never blocks: further indexes of the same kind commit
CREATE INDEX tracks_created_idx ON tracks (created_at);
-- ...but other rules still do
ALTER TABLE tracks ALTER COLUMN deleted_at SET DEFAULT now();

-- waiving again updates the waiver
SELECT schemaguard.waive('tracks', 'index_naming', 'legacy bridge, see ADR-12', now() + interval '30 days');
SELECT reason, expires > now() AS in_future, expired FROM schemaguard.waivers;

-- an expired waiver no longer waives and shows up as expired
UPDATE schemaguard.waiver_entries SET expires = now() - interval '1 second';
SELECT table_name, rule, expired FROM schemaguard.waivers;
SELECT rule, object_name, status FROM schemaguard.violations() WHERE table_name = 'tracks' ORDER BY 2;
CREATE INDEX tracks_updated_idx ON tracks (updated_at);

-- waivers follow their table through a rename and disappear with it
SELECT schemaguard.waive('tracks', 'index_naming', 'legacy bridge, see ADR-12');
ALTER TABLE tracks RENAME TO songs;
SELECT table_name, rule FROM schemaguard.waivers;
SELECT schemaguard.unwaive('songs', 'index_naming');
SELECT schemaguard.unwaive('songs', 'index_naming');
SELECT schemaguard.waive('songs', 'index_naming', 'legacy bridge, see ADR-12');
DROP TABLE songs;
SELECT count(*) AS waivers_left FROM schemaguard.waivers;

-- bad input: the reason is required, the rule must exist, expiry must be ahead
CREATE TABLE w_ok (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz);
SELECT schemaguard.waive('w_ok', 'index_naming', NULL);
SELECT schemaguard.waive('w_ok', 'index_naming', '   ');
SELECT schemaguard.waive('w_ok', 'no_such_rule', 'because');
SELECT schemaguard.waive('w_ok', 'index_naming', 'because', now() - interval '1 day');
SELECT schemaguard.waive('no_such_table', 'index_naming', 'because');
SELECT count(*) AS waivers FROM schemaguard.waivers;
DROP TABLE w_ok;
