-- schemaguard.mode: enforce (default) | warn | off; superuser-only (PGC_SUSET).
-- The parameter is defined when the library loads: at server start with
-- shared_preload_libraries (the documented install, as here), else at the first DDL of a
-- session or on LOAD.
LOAD 'schemaguard';
SHOW schemaguard.mode;

-- enforce: the transaction is rejected at commit, and nothing of it remains
BEGIN;
CREATE TABLE m_bad (a int);
INSERT INTO m_bad VALUES (1);
COMMIT;
SELECT to_regclass('m_bad') AS m_bad;

-- warn: every violation is a WARNING at commit; the transaction commits
SET schemaguard.mode = warn;
CREATE TABLE m_warned (a int);
SELECT to_regclass('m_warned') AS m_warned;

-- off: nothing is recorded or checked
SET schemaguard.mode = off;
CREATE TABLE m_unchecked (a int);
RESET schemaguard.mode;
SHOW schemaguard.mode;

-- SET LOCAL scopes a mode to one transaction
BEGIN;
SET LOCAL schemaguard.mode = warn;
CREATE TABLE m_local (a int);
COMMIT;
SHOW schemaguard.mode;

-- the existing violations stay visible from SQL
SELECT table_name, count(*) FROM schemaguard.violations()
WHERE table_name LIKE 'm\_%' GROUP BY 1 ORDER BY 1;

-- invalid values are refused
SET schemaguard.mode = strict;

-- a non-superuser cannot change the mode, in any way
CREATE ROLE sg_regress_user LOGIN;
GRANT CREATE ON SCHEMA public TO sg_regress_user;
SET ROLE sg_regress_user;
SET schemaguard.mode = off;
SELECT set_config('schemaguard.mode', 'off', false);
ALTER ROLE sg_regress_user SET schemaguard.mode = off;
SHOW schemaguard.mode;
CREATE TABLE m_user (a int);
RESET ROLE;

-- ...not even in a new session: preloaded, the parameter refuses it at once (loaded
-- later, a placeholder value would be dropped with a WARNING when the library loads),
-- and the DDL is judged
\c - sg_regress_user
SET schemaguard.mode = off;
CREATE TABLE m_user (a int);
SHOW schemaguard.mode;
\c - postgres

-- a superuser can set it per role or database, as for any PGC_SUSET parameter
ALTER ROLE sg_regress_user SET schemaguard.mode = warn;
\c - sg_regress_user
SHOW schemaguard.mode;
CREATE TABLE m_user (a int);
\c - postgres
ALTER ROLE sg_regress_user RESET schemaguard.mode;

DROP TABLE m_warned, m_unchecked, m_local, m_user;
REVOKE CREATE ON SCHEMA public FROM sg_regress_user;
DROP ROLE sg_regress_user;
