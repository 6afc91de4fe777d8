-- Edge cases for the equivalence check of bench/scan_full.sh: schemaguard.violations()
-- and tests/oracle/v1_violations.sql must report the same findings on these shapes too.
-- Loaded into a database where schemaguard is installed, with enforcement off.
SET schemaguard.mode = off;
SET client_min_messages = warning;
CREATE TABLE e_gen (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz GENERATED ALWAYS AS (created_at) STORED NOT NULL, deleted_at timestamptz);
CREATE TABLE "E Users" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz(0) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), updated_at timestamptz NOT NULL DEFAULT statement_timestamp(), deleted_at timestamptz DEFAULT NULL, "Email" text, a int, b int);
CREATE INDEX "idx_E Users_Email" ON "E Users" ("Email");
CREATE INDEX "idx_E Users_email" ON "E Users" ("Email");
CREATE INDEX "idx_E Users_a_incl" ON "E Users" (a) INCLUDE (b);
CREATE TABLE e_dropped (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, x int);
ALTER TABLE e_dropped DROP COLUMN deleted_at;
ALTER TABLE e_dropped ADD COLUMN deleted_at timestamptz;
ALTER TABLE e_dropped DROP COLUMN x;
CREATE TABLE e_setnull (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, t uuid NOT NULL, r uuid, FOREIGN KEY (r) REFERENCES e_dropped ON DELETE SET NULL (r));
CREATE TABLE e_parent_fk (id uuid DEFAULT gen_random_uuid(), t uuid, PRIMARY KEY (id, t));
CREATE TABLE e_setnull2 (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, t uuid NOT NULL, r uuid, FOREIGN KEY (r, t) REFERENCES e_parent_fk (id, t) ON DELETE SET NULL (r));
CREATE TABLE e_setnull3 (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, t uuid NOT NULL, r uuid, FOREIGN KEY (r, t) REFERENCES e_parent_fk (id, t) ON DELETE SET NULL);
CREATE INDEX idx_e_setnull3_t_r ON e_setnull3 (t, r);
CREATE TABLE e_tz (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT LOCALTIMESTAMP, updated_at timestamptz NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'), deleted_at timestamptz);
CREATE TABLE e_tz2 (id uuid PRIMARY KEY DEFAULT (gen_random_uuid())::uuid, created_at timestamptz NOT NULL DEFAULT now()::timestamptz, updated_at timestamptz NOT NULL DEFAULT CAST(now() AS timestamptz(2)), deleted_at timestamptz);
CREATE DOMAIN ts_dom AS timestamptz;
CREATE TABLE e_dom (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at ts_dom NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at ts_dom);
CREATE TABLE e_part (id uuid DEFAULT gen_random_uuid(), k int, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (id, k)) PARTITION BY LIST (k);
CREATE TABLE e_part_1 PARTITION OF e_part FOR VALUES IN (1);
CREATE INDEX ON e_part (k);
CREATE TABLE e_inh_parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
CREATE TABLE e_inh_child (extra text) INHERITS (e_inh_parent);
CREATE TABLE e_excl (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, r int4range, EXCLUDE USING gist (r WITH &&));
CREATE TABLE e_ext_member (a int);
ALTER EXTENSION schemaguard ADD TABLE e_ext_member;
CREATE TABLE e_a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, email text);
CREATE INDEX idx_e_a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names_email ON e_a_table_with_a_very_long_name_that_goes_on_and_on_past_the_limit_of_names (email);
-- multibyte names near the 63-byte limit: truncation never splits a character
CREATE TABLE "ééééééééééééééééééééééééééééé" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, email text, other text);
CREATE INDEX "idx_ééééééééééééééééééééééééééééé_email" ON "ééééééééééééééééééééééééééééé" (email);
-- misnamed: 28 characters of the table name, then cut to "..._ot"
CREATE INDEX "idx_éééééééééééééééééééééééééééé_other" ON "ééééééééééééééééééééééééééééé" (other);
-- misnamed expression index, exactly 63 bytes
CREATE INDEX "idx_ééééééééééééééééééééééééééé_expr" ON "ééééééééééééééééééééééééééééé" (lower(other));
CREATE UNLOGGED TABLE e_unlogged (a int);
CREATE TABLE e_typed_t (a int);
CREATE TYPE e_ty AS (a int);
CREATE TABLE e_typed OF e_ty;
CREATE TABLE e_fkfk (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, p uuid, q int, FOREIGN KEY (p, q) REFERENCES e_part (id, k) ON DELETE CASCADE);
CREATE INDEX idx_e_fkfk_q_p ON e_fkfk (q, p);
CREATE TABLE e_fkfk2 (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, p uuid, q int, FOREIGN KEY (p, q) REFERENCES e_part (id, k) ON DELETE CASCADE);
CREATE INDEX idx_e_fkfk2_q_incl ON e_fkfk2 (q) INCLUDE (p);
-- a foreign key to a partitioned table: PostgreSQL adds one internal clone of the
-- constraint per referenced partition (conparentid <> 0)
CREATE TABLE e_pp (id uuid DEFAULT gen_random_uuid(), k int, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, PRIMARY KEY (id, k)) PARTITION BY LIST (k);
CREATE TABLE e_pp1 PARTITION OF e_pp FOR VALUES IN (1);
CREATE TABLE e_pp2 PARTITION OF e_pp FOR VALUES IN (2);
CREATE TABLE e_ref (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz, p uuid, q int, FOREIGN KEY (p, q) REFERENCES e_pp (id, k));
RESET schemaguard.mode;
