#include "db/state.hpp"

#include "support/common.hpp"

namespace sg::db {

void require_extension(Database& db) {
  if (!db.relation_exists("schemaguard.migrations"))
    throw Error(kExitError, "the schemaguard extension is not installed in " + db.describe() +
                                ": run \"CREATE EXTENSION schemaguard;\" as a superuser first");
}

std::vector<migrations::AppliedRow> read_applied(Database& db) {
  auto r = db.exec(
      "SELECT version, name, checksum, "
      "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), applied_by, duration_ms "
      "FROM schemaguard.migrations");
  std::vector<migrations::AppliedRow> rows;
  rows.reserve(r.size());
  for (const auto& row : r) {
    migrations::AppliedRow a;
    a.version = row[0].c_str();
    a.name = row[1].c_str();
    a.checksum = row[2].c_str();
    a.applied_at = row[3].c_str();
    a.applied_by = row[4].c_str();
    if (!row[5].is_null()) a.duration_ms = row[5].as<long>();
    rows.push_back(std::move(a));
  }
  return rows;
}

std::optional<Progress> read_progress(Database& db, const std::string& version) {
  auto r = db.exec_params(
      "SELECT version, checksum, statements_done FROM schemaguard.migration_progress WHERE version = $1", version);
  if (r.empty()) return std::nullopt;
  return Progress{r[0][0].c_str(), r[0][1].c_str(), r[0][2].as<int>()};
}

std::vector<Progress> read_all_progress(Database& db) {
  std::vector<Progress> out;
  for (const auto& row : db.exec("SELECT version, checksum, statements_done FROM schemaguard.migration_progress"))
    out.push_back(Progress{row[0].c_str(), row[1].c_str(), row[2].as<int>()});
  return out;
}

std::string insert_row_sql(Database& db, const migrations::MigrationFile& f) {
  return "INSERT INTO schemaguard.migrations (version, name, checksum, duration_ms) VALUES (" + db.quote(f.version) +
         ", " + db.quote(f.name) + ", " + db.quote(f.checksum) +
         ", (extract(epoch FROM clock_timestamp() - now()) * 1000)::integer)";
}

std::string progress_sql(Database& db, const migrations::MigrationFile& f, int statements_done) {
  return "INSERT INTO schemaguard.migration_progress (version, checksum, statements_done) VALUES (" +
         db.quote(f.version) + ", " + db.quote(f.checksum) + ", " + std::to_string(statements_done) +
         ") ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum, "
         "statements_done = EXCLUDED.statements_done, updated_at = now()";
}

void finish_no_transaction(Database& db, const migrations::MigrationFile& f, long duration_ms) {
  pqxx::work tx(db.conn());
  tx.exec_params("INSERT INTO schemaguard.migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)",
                 f.version, f.name, f.checksum, duration_ms);
  tx.exec_params("DELETE FROM schemaguard.migration_progress WHERE version = $1", f.version);
  tx.commit();
}

bool accept_checksum(Database& db, const migrations::MigrationFile& f) {
  pqxx::work tx(db.conn());
  // schemaguard.checksum_acceptances exists from extension version 0.3.0 on.
  bool recorded = !tx.exec("SELECT to_regclass('schemaguard.checksum_acceptances')")[0][0].is_null();
  if (recorded)
    tx.exec_params(
        "INSERT INTO schemaguard.checksum_acceptances (version, old_checksum, new_checksum) "
        "SELECT version, checksum, $2 FROM schemaguard.migrations WHERE version = $1",
        f.version, f.checksum);
  tx.exec_params("UPDATE schemaguard.migrations SET checksum = $2 WHERE version = $1", f.version, f.checksum);
  tx.commit();
  return recorded;
}

void insert_baseline_rows(Database& db, const std::vector<const migrations::MigrationFile*>& files) {
  pqxx::work tx(db.conn());
  for (const auto* f : files)
    tx.exec_params(
        "INSERT INTO schemaguard.migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, NULL)",
        f->version, f->name, f->checksum);
  tx.commit();
}

}  // namespace sg::db
