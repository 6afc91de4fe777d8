// State and entry points shared by the extension's translation units.
#pragma once

#include "touched_relations.hpp"

namespace schemaguard {

enum class Mode { kEnforce = 0, kWarn = 1, kOff = 2 };

// The value of the GUC schemaguard.mode.
Mode current_mode();

// True when the library was loaded by shared_preload_libraries (the documented install):
// only then do the hooks see every statement of every session.
bool library_preloaded();

// Registers the object access and utility hooks (hooks.cpp), chained to earlier ones.
void install_hooks();

// Records a relation DDL created or changed, for the commit-time check.
void remember_relation(unsigned int relid);

// True when extension schemaguard is installed in the current database: the library is
// loaded in every database, the checks run only where the extension is.
bool extension_installed();

// Relations touched by DDL in the current transaction (ddl_tracker.cpp).
TouchedRelations& touched_relations();

// Judges the touched tables: throws GuardError (enforce) or emits WARNINGs.
// Called before commit/prepare and by schemaguard.check_now().
void run_pending_checks();

}  // namespace schemaguard
