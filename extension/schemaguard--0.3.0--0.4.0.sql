-- schemaguard 0.3.0 -> 0.4.0: closing the ways past the guard, coexistence with the tools
-- teams already run (exemptions that exist before their tables, presets), and Citus.
\echo Use "ALTER EXTENSION schemaguard UPDATE TO '0.4.0'" to load this file. \quit

-- == Security (issue 9) ==

-- == Coexistence (issue 10) ==

-- == Citus (issue 11) ==
-- No SQL objects: Citus's catalogs are read by name at run time (extension/citus.cpp), so the
-- same scripts install with or without Citus, before or after it.
