-- The error of a rejected commit: the primary message alone names the table and the
-- rules (many clients print nothing else); with many tables it counts per rule, and
-- DETAIL and HINT are capped with a pointer to schemaguard.violations().
\set VERBOSITY default
CREATE TABLE rj_one (id bigint PRIMARY KEY);
-- 25 tables without deleted_at in one transaction: 25 DETAIL lines, capped at 20.
DO $$
BEGIN
  FOR i IN 1..25 LOOP
    EXECUTE format('CREATE TABLE rj_many_%s (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())', i);
  END LOOP;
  CREATE TABLE rj_mixed (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
END $$;
SELECT count(*) FROM pg_class WHERE relname LIKE 'rj\_%';
