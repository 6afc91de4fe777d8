// Reads the configuration tables of schema schemaguard (0.2.0 and later) with SPI.
// Every name in the queries is schema-qualified: nothing resolves through the
// caller's search_path.
#include <string>
#include <vector>

#include "config.hpp"
#include "pg_boundary.hpp"

namespace schemaguard {
namespace {

bool parse_class(const char* text, TableClass* out) {
  if (std::string(text) == "internal") *out = TableClass::kInternal;
  else if (std::string(text) == "entity") *out = TableClass::kEntity;
  else return false;
  return true;
}

// Runs a read-only query and hands each row's text columns to on_row.
template <typename OnRow>
void for_each_config_row(const char* query, int columns, OnRow&& on_row) {
  std::vector<std::vector<std::string>> rows;
  pg_call([&] {
    if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
      elog(ERROR, "schemaguard: could not read configuration: %s", query);
    for (uint64 i = 0; i < SPI_processed; ++i) {
      rows.emplace_back();
      for (int column = 1; column <= columns; ++column) {
        char* value = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, column);
        rows.back().push_back(value ? value : "");
      }
    }
  });
  for (const auto& row : rows) on_row(row);
}

bool configuration_installed() {
  return pg_call([] {
    Oid schema = get_namespace_oid("schemaguard", true);
    return OidIsValid(schema) && OidIsValid(get_relname_relid("waiver_entries", schema));
  });
}

void read_config(Config& config) {
  for_each_config_row("SELECT rule, severity FROM schemaguard.rule_severity", 2, [&](const auto& row) {
    Severity severity;
    if (parse_severity(row[1], &severity)) config.severities[row[0]] = severity;
  });
  for_each_config_row("SELECT relid::pg_catalog.oid, class FROM schemaguard.table_classes", 2,
                      [&](const auto& row) {
                        TableClass table_class;
                        if (parse_class(row[1].c_str(), &table_class))
                          config.classes[static_cast<ObjectId>(std::stoul(row[0]))] = table_class;
                      });
  for_each_config_row("SELECT pattern, class FROM schemaguard.class_patterns ORDER BY position", 2,
                      [&](const auto& row) {
                        TableClass table_class;
                        if (parse_class(row[1].c_str(), &table_class))
                          config.class_patterns.emplace_back(row[0], table_class);
                      });
  for_each_config_row("SELECT relid::pg_catalog.oid, rule FROM schemaguard.waiver_entries "
                      "WHERE expires IS NULL OR expires OPERATOR(pg_catalog.>) pg_catalog.now()", 2,
                      [&](const auto& row) {
                        config.waivers.emplace(static_cast<ObjectId>(std::stoul(row[0])), row[1]);
                      });
  for_each_config_row("SELECT relid::pg_catalog.oid, rule, object_name, message FROM schemaguard.baseline_entries",
                      4, [&](const auto& row) {
                        config.baseline.insert(
                            baseline_key(static_cast<ObjectId>(std::stoul(row[0])), row[1], row[2], row[3]));
                      });
}

}  // namespace

Config load_config() {
  Config config;
  if (!configuration_installed()) return config;
  // At commit time no snapshot is active. On an error the transaction aborts, and
  // its cleanup closes the SPI connection and pops the snapshot.
  bool pushed_snapshot = pg_call([] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "schemaguard: SPI_connect failed");
    if (ActiveSnapshotSet()) return false;
    PushActiveSnapshot(GetTransactionSnapshot());
    return true;
  });
  read_config(config);
  pg_call([&] {
    if (pushed_snapshot) PopActiveSnapshot();
    SPI_finish();
  });
  return config;
}

}  // namespace schemaguard
