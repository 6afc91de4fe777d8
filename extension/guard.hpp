// State and entry points shared by the extension's translation units.
#pragma once

#include "touched_relations.hpp"

namespace schemaguard {

enum class Mode { kEnforce = 0, kWarn = 1, kOff = 2 };

// The value of the GUC schemaguard.mode.
Mode current_mode();

// Relations touched by DDL in the current transaction (ddl_tracker.cpp).
TouchedRelations& touched_relations();

// Judges the touched tables: throws GuardError (enforce) or emits WARNINGs.
// Called before commit/prepare and by schemaguard.check_now().
void run_pending_checks();

}  // namespace schemaguard
