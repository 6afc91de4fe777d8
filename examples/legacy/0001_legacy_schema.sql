-- A small pre-schemaguard schema, as found in many production databases: BIGSERIAL keys,
-- timestamps without time zone, generated index names, foreign keys without ON DELETE actions.
-- Used by the baseline walk-through in examples/README.md (apply it with the guard in warn mode,
-- or before installing the extension, then `schemaguard baseline --violations`).
CREATE TABLE accounts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    created_at  timestamp NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    amount_cents integer NOT NULL,
    issued_on   date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz
);
CREATE INDEX ON invoices (account_id);
CREATE INDEX ON invoices (issued_on);

CREATE TABLE audit_log (
    id          serial PRIMARY KEY,
    account_id  bigint REFERENCES accounts (id),
    action      text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
