// Registration point: module magic, the GUC, the transaction callbacks and the hooks
// (hooks.cpp). The library belongs in shared_preload_libraries: the hooks see DDL that
// fires no event trigger, and they can only see it once the library is loaded. Loaded
// later (by the event trigger's C function on a session's first DDL), it still works
// from then on, and says so (library_preloaded()).
#include "config.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"

extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}

namespace schemaguard {
namespace {

int mode_setting = static_cast<int>(Mode::kEnforce);
bool loaded_at_server_start = false;

const struct config_enum_entry mode_options[] = {
    {"enforce", static_cast<int>(Mode::kEnforce), false},
    {"warn", static_cast<int>(Mode::kWarn), false},
    {"off", static_cast<int>(Mode::kOff), false},
    {nullptr, 0, false},
};

void on_transaction(XactEvent event, void*) {
  switch (event) {
    case XACT_EVENT_PRE_COMMIT:
    case XACT_EVENT_PARALLEL_PRE_COMMIT:
    case XACT_EVENT_PRE_PREPARE:
      if (!touched_relations().empty()) guarded([] { run_pending_checks(); });
      touched_relations().clear();
      break;
    case XACT_EVENT_COMMIT:
    case XACT_EVENT_PARALLEL_COMMIT:
    case XACT_EVENT_ABORT:
    case XACT_EVENT_PARALLEL_ABORT:
    case XACT_EVENT_PREPARE:
      touched_relations().clear();
      break;
  }
}

void on_subtransaction(SubXactEvent event, SubTransactionId subtransaction, SubTransactionId parent, void*) {
  if (event == SUBXACT_EVENT_COMMIT_SUB)
    touched_relations().commit_subtransaction(subtransaction, parent);
  else if (event == SUBXACT_EVENT_ABORT_SUB)
    touched_relations().abort_subtransaction(subtransaction);
}

}  // namespace

Mode current_mode() { return static_cast<Mode>(mode_setting); }

bool library_preloaded() { return loaded_at_server_start; }

}  // namespace schemaguard

void _PG_init(void) {
  using namespace schemaguard;
  loaded_at_server_start = process_shared_preload_libraries_in_progress;
  DefineCustomEnumVariable("schemaguard.mode", "How schemaguard treats DDL that breaks the V1 invariants.",
                           "enforce rejects the transaction at commit, warn reports WARNINGs, off checks nothing.",
                           &mode_setting, static_cast<int>(Mode::kEnforce), mode_options, PGC_SUSET, 0, nullptr,
                           nullptr, nullptr);
  MarkGUCPrefixReserved("schemaguard");
  RegisterXactCallback(on_transaction, nullptr);
  RegisterSubXactCallback(on_subtransaction, nullptr);
  register_config_invalidation();
  install_hooks();
}
