\set SHOW_CONTEXT never
-- Baseline: an existing database adopts schemaguard without a big-bang rewrite.
-- baseline() grandfathers today's violations; afterwards only new ones block.
SET schemaguard.mode = off;
CREATE TABLE legacy_users (id bigserial PRIMARY KEY, email text, created_at timestamp DEFAULT now());
CREATE INDEX ON legacy_users (email);
CREATE TABLE legacy_orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES legacy_users);
RESET schemaguard.mode;

SELECT schemaguard.baseline() AS grandfathered;
SELECT rule, table_name, status FROM schemaguard.violations() ORDER BY table_name, rule, object_name;
SELECT rule, status, violations, waived, notes FROM schemaguard.compliance();

-- the legacy database keeps working: DDL that adds no violation commits
CREATE INDEX idx_legacy_orders_user_id ON legacy_orders (user_id);
ALTER TABLE legacy_users ADD COLUMN name text;
COMMENT ON TABLE legacy_users IS 'still legacy';

-- new violations on a baselined table are refused
ALTER TABLE legacy_users ADD COLUMN org_id bigint REFERENCES legacy_orders;
CREATE INDEX users_name ON legacy_users (name);
-- a changed violation is a new one: the table picks up nothing unnoticed
ALTER TABLE legacy_users ALTER COLUMN created_at TYPE date;
-- new tables get no free pass
CREATE TABLE legacy_new (id bigserial PRIMARY KEY);

-- fixing a grandfathered violation is always allowed, and a new baseline forgets it
ALTER TABLE legacy_users ALTER COLUMN created_at TYPE timestamptz;
SELECT rule, object_name, status FROM schemaguard.violations() WHERE table_name = 'legacy_users' ORDER BY 1, 2;
SELECT schemaguard.baseline() AS grandfathered;
SELECT rule, object_name, message FROM schemaguard.baseline_entries WHERE relid = 'legacy_users'::regclass ORDER BY 1, 2;

-- renaming a baselined table changes its index-naming findings: they are new
ALTER TABLE legacy_users RENAME TO old_users;

DROP TABLE legacy_orders, legacy_users;
SELECT count(*) AS baseline_left FROM schemaguard.baseline_entries;
