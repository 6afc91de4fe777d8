// The policy in a database: read from the extension (rule_catalog(), rule_parameter_catalog(),
// the rules view) and written through its functions (set_rule, set_rule_parameter,
// reset_rule_parameter), inside the caller's transaction.
#pragma once
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "db/connection.hpp"
#include "policy/policy.hpp"
#include "support/common.hpp"

namespace sg::policy {

// Throws Error(kExitError) when the extension is missing or has no rule parameters (before 0.4.0).
void require_policy_support(db::Database& db);

Catalog load_catalog(pqxx::transaction_base& tx);
// The policy in force: every rule's severity (schemaguard.rules) and the parameters set
// (schemaguard.rule_parameters).
Policy load_policy(pqxx::transaction_base& tx, const Catalog& catalog);
// Open findings of schemaguard.violations().
std::vector<Finding> load_open_findings(pqxx::transaction_base& tx);

// The policy of `text` written into the database in tx: only what differs from the policy in force
// is set or reset. `before` and `after` are read from the database, so `changes` shows the values
// as the extension stores them (functions schema-qualified). Throws InputError for an invalid
// file (nothing written), Refused with the server's message and hint when a function of the
// extension refuses a value (the caller's transaction must then be rolled back).
struct Refused : Error {
  bool privilege;  // SQLSTATE 42501: the role may not set the policy (not a superuser)
  Refused(const std::string& message, bool privilege_error) : Error(kExitError, message), privilege(privilege_error) {}
};
struct Staged {
  Catalog catalog;
  Policy before;
  Policy after;
  std::vector<Change> changes;
};
Staged stage_policy(pqxx::transaction_base& tx, const std::string& text, const std::string& source);

// Reads a policy file (InputError when it cannot).
std::string read_policy_file(const std::string& path);

}  // namespace sg::policy
