// Reads the configuration tables of schema schemaguard (0.2.0 and later) with SPI.
// Every name in the queries is schema-qualified: nothing resolves through the
// caller's search_path.
#include <array>
#include <string>
#include <vector>

#include "config.hpp"
#include "pg_boundary.hpp"

namespace schemaguard {
namespace {

bool parse_class(const char* text, TableClass* out) {
  if (std::string(text) == "internal")
    *out = TableClass::kInternal;
  else if (std::string(text) == "entity")
    *out = TableClass::kEntity;
  else if (std::string(text) == "exempt")
    *out = TableClass::kExempt;
  else
    return false;
  return true;
}

// A query of the configuration, prepared once per backend (PostgreSQL replans it when
// the tables change), with an optional regclass[] parameter: the tables to read about.
struct ConfigQuery {
  const char* all;         // every row
  const char* for_tables;  // rows of the tables in $1 only; nullptr: always all rows
  SPIPlanPtr plans[2] = {nullptr, nullptr};
};

// Runs inside pg_call (for_each_config_row): PostgreSQL only.
SPIPlanPtr prepared(ConfigQuery& query, bool filtered) {
  SPIPlanPtr& plan = query.plans[filtered ? 1 : 0];
  if (plan != nullptr) return plan;
  Oid argument_type = REGCLASSARRAYOID;
  // A generic plan: custom plans would be planned anew for each of a session's first
  // five commits, and the plan does not depend on which tables are asked about.
  SPIPlanPtr fresh = SPI_prepare_cursor(filtered ? query.for_tables : query.all, filtered ? 1 : 0, &argument_type,
                                        CURSOR_OPT_GENERIC_PLAN);
  if (fresh == nullptr || SPI_keepplan(fresh) != 0)
    elog(ERROR, "schemaguard: could not prepare a configuration query: %s", SPI_result_code_string(SPI_result));
  return plan = fresh;
}

// Runs a read-only query and hands each row's text columns to on_row. Only the
// execution is one pg_call; the rows are copied out one value per pg_call, so no C++
// value is built inside one (pg_boundary.hpp). Each row checks for interrupts.
// tables_argument: a regclass[] datum, or 0 for all rows.
template <typename OnRow>
void for_each_config_row(ConfigQuery& query, Datum tables_argument, int columns, OnRow&& on_row) {
  SPITupleTable* table = nullptr;
  uint64 count = 0;
  pg_call([&] {
    bool filtered = tables_argument != 0 && query.for_tables != nullptr;
    Datum arguments[1] = {tables_argument};
    if (SPI_execute_plan(prepared(query, filtered), filtered ? arguments : nullptr, nullptr, true, 0) != SPI_OK_SELECT)
      elog(ERROR, "schemaguard: could not read configuration: %s", query.all);
    table = SPI_tuptable;
    count = SPI_processed;
  });
  std::vector<std::string> row(columns);
  for (uint64 i = 0; i < count; ++i) {
    check_for_interrupts();
    for (int column = 1; column <= columns; ++column) {
      const char* value = pg_call([&] { return SPI_getvalue(table->vals[i], table->tupdesc, column); });
      row[column - 1] = value ? value : "";
    }
    on_row(row);
  }
  pg_call([&] { SPI_freetuptable(table); });
}

// The OID of a configuration table of schema schemaguard, InvalidOid when it is not installed.
Oid configuration_table(const char* table) {
  return pg_call([&] {
    Oid schema = get_namespace_oid("schemaguard", true);
    return OidIsValid(schema) ? get_relname_relid(table, schema) : InvalidOid;
  });
}

bool configuration_installed(const char* table) { return OidIsValid(configuration_table(table)); }

ConfigQuery severities_query{"SELECT rule, severity FROM schemaguard.rule_severity", nullptr};
ConfigQuery patterns_query{"SELECT pattern, class FROM schemaguard.class_patterns ORDER BY position", nullptr};
ConfigQuery classes_query{"SELECT relid::pg_catalog.oid, class FROM schemaguard.table_classes",
                          "SELECT relid::pg_catalog.oid, class FROM schemaguard.table_classes "
                          "WHERE relid OPERATOR(pg_catalog.=) ANY ($1)"};
ConfigQuery waivers_query{
    "SELECT relid::pg_catalog.oid, rule FROM schemaguard.waiver_entries "
    "WHERE expires IS NULL OR expires OPERATOR(pg_catalog.>) pg_catalog.now()",
    "SELECT relid::pg_catalog.oid, rule FROM schemaguard.waiver_entries "
    "WHERE relid OPERATOR(pg_catalog.=) ANY ($1) "
    "AND (expires IS NULL OR expires OPERATOR(pg_catalog.>) pg_catalog.now())"};
ConfigQuery baseline_query{
    "SELECT relid::pg_catalog.oid, rule, object_name, message, identity FROM schemaguard.baseline_entries",
    "SELECT relid::pg_catalog.oid, rule, object_name, message, identity FROM schemaguard.baseline_entries "
    "WHERE relid OPERATOR(pg_catalog.=) ANY ($1)"};
// Before 0.4.0 (the library is installed before ALTER EXTENSION ... UPDATE runs):
// entries have no identity and match by table, rule, object and message.
ConfigQuery legacy_baseline_query{
    "SELECT relid::pg_catalog.oid, rule, object_name, message, '' FROM schemaguard.baseline_entries",
    "SELECT relid::pg_catalog.oid, rule, object_name, message, '' FROM schemaguard.baseline_entries "
    "WHERE relid OPERATOR(pg_catalog.=) ANY ($1)"};

// Whether schemaguard.baseline_entries has the identity column of 0.4.0.
bool baseline_has_identity() {
  return pg_call([] {
    Oid relid = get_relname_relid("baseline_entries", get_namespace_oid("schemaguard", false));
    return OidIsValid(relid) && get_attnum(relid, "identity") != InvalidAttrNumber;
  });
}

ConfigQuery former_partitions_query{
    "SELECT relid::pg_catalog.oid, key_columns, index_names FROM schemaguard.former_partitions",
    "SELECT relid::pg_catalog.oid, key_columns, index_names FROM schemaguard.former_partitions "
    "WHERE relid OPERATOR(pg_catalog.=) ANY ($1)"};

// A text[] as SPI_getvalue prints it: {a,"b c"} (identifiers; quotes and backslashes escaped).
std::vector<std::string> parse_text_array(const std::string& text) {
  std::vector<std::string> items;
  std::string current;
  bool quoted = false, in_item = false;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 2 < text.size())
        current += text[++i];
      else if (c == '"')
        quoted = false;
      else
        current += c;
    } else if (c == '"') {
      quoted = in_item = true;
    } else if (c == ',') {
      items.push_back(current);
      current.clear();
      in_item = false;
    } else {
      current += c;
      in_item = true;
    }
  }
  if (in_item || !items.empty()) items.push_back(current);
  return items;
}

// 0.4.0 (issue 12): rule parameters, stored as names (so that pg_dump and restore
// re-resolve them) and resolved to OIDs by the parameter's kind each time the configuration
// is read: functions with to_regprocedure, types with to_regtype (set_rule_parameter() stores
// them schema-qualified where needed, so the caller's search_path resolves nothing; a name
// that no longer resolves, a function dropped since, matches nothing).
//
// The rows are cached per backend (0.5.0): a commit reads no parameter while they have not
// changed. Invariants: `valid` only while no relcache invalidation of
// schemaguard.rule_parameters (or of every relation) has arrived since `rows` were read, and
// only when that table has the trigger rule_parameters_changed (0.5.0), which invalidates the
// table on every change: in this backend at its next command (and again when a transaction or
// savepoint that changed it aborts), in the others when they next accept invalidations, which
// a commit-time check does when it locks its tables. Names only: the OIDs are resolved at each
// read, so a function or type recreated since is found under its new OID.
struct ParameterRowsCache {
  bool valid = false;
  Oid relid = InvalidOid;
  std::vector<std::array<std::string, 3>> rows;  // rule, parameter, one value, in order
};
ParameterRowsCache parameter_rows_cache;

// A relcache invalidation callback: runs inside PostgreSQL's invalidation processing, so it
// allocates nothing and cannot throw; it only marks the cache stale.
void on_relcache_invalidation(Datum, Oid relid) noexcept {
  if (relid == InvalidOid || relid == parameter_rows_cache.relid) parameter_rows_cache.valid = false;
}

ConfigQuery parameters_query{
    "SELECT p.rule, p.parameter, v.name "
    "FROM schemaguard.rule_parameters AS p, pg_catalog.unnest(p.value) WITH ORDINALITY AS v(name, n) "
    "ORDER BY 1, 2, v.n",
    nullptr};

// to_regprocedure or to_regtype of a name: InvalidOid when it resolves to nothing. Resolved
// with pg_catalog alone as the search path, as set_rule_parameter() stored it (its search_path
// is pg_catalog, pg_temp): the name of a built-in type is stored unqualified ("uuid"), and the
// session's search_path must not resolve it to another (a role's own domain m.uuid first on
// its path); the others are schema-qualified.
Oid resolve_name(PGFunction function, const std::string& name) {
  const char* text = name.c_str();
  return pg_call([&] {
    OverrideSearchPath catalog_only{NIL, true, false, 0};
    PushOverrideSearchPath(&catalog_only);
    LOCAL_FCINFO(fcinfo, 1);
    InitFunctionCallInfoData(*fcinfo, nullptr, 1, InvalidOid, nullptr, nullptr);
    fcinfo->args[0].value = CStringGetTextDatum(text);
    fcinfo->args[0].isnull = false;
    Datum result = function(fcinfo);
    PopOverrideSearchPath();  // on an error, the transaction's abort resets the search path
    return fcinfo->isnull ? InvalidOid : DatumGetObjectId(result);
  });
}

void add_parameter_value(Config& config, const std::array<std::string, 3>& row) {
  const Rule* rule = find_rule(row[0]);
  const RuleParameter* parameter = rule == nullptr ? nullptr : find_parameter(*rule, row[1]);
  if (parameter == nullptr) return;  // a rule or parameter this library does not know
  ParameterValues& values = config.parameter_values[row[0]];
  auto found = values.begin();
  while (found != values.end() && found->first != row[1]) ++found;
  if (found == values.end()) found = values.emplace(values.end(), row[1], std::vector<std::string>{});
  found->second.push_back(row[2]);
  if (parameter->oids != nullptr) {
    Oid oid = resolve_name(parameter->kind == ParameterKind::kTypes ? to_regtype : to_regprocedure, row[2]);
    if (oid == InvalidOid) return;  // resolves to nothing: matches nothing
    (config.parameters.*(parameter->oids)).push_back(oid);
    if (parameter->names != nullptr) (config.parameters.*(parameter->names)).push_back(row[2]);
  } else if (parameter->texts != nullptr) {
    (config.parameters.*(parameter->texts)).push_back(row[2]);
  }
}

// The parameter rows of schemaguard.rule_parameters (relid), from the cache or read anew
// (inside load_config's SPI connection).
const std::vector<std::array<std::string, 3>>& parameter_rows(Oid relid) {
  ParameterRowsCache& cache = parameter_rows_cache;
  if (cache.valid && cache.relid == relid) return cache.rows;
  cache.valid = false;
  cache.relid = relid;
  cache.rows.clear();
  // Read with a snapshot taken now, not the transaction's or the statement's: a change
  // committed before its invalidation marked the cache stale must be seen, or the stale rows
  // would be cached as current (a REPEATABLE READ transaction's snapshot, a statement's
  // snapshot in violations(), may predate it). This transaction's own changes are seen too.
  pg_call([] { PushActiveSnapshot(GetLatestSnapshot()); });
  for_each_config_row(parameters_query, 0, 3, [&](const auto& row) { cache.rows.push_back({row[0], row[1], row[2]}); });
  pg_call([] { PopActiveSnapshot(); });
  // Only a table whose changes invalidate it (0.5.0) may be cached; before, it is read at
  // every load. Checked after the read: a trigger created meanwhile invalidates the table.
  cache.valid = pg_call([&] { return OidIsValid(get_trigger_oid(relid, "rule_parameters_changed", true)); });
  return cache.rows;
}

ConfigQuery presets_query{"SELECT preset, schema_name FROM schemaguard.preset_entries ORDER BY preset, schema_name",
                          nullptr};

// parameters_relid: schemaguard.rule_parameters (0.4.0 and later), InvalidOid before.
void read_config(Config& config, Datum tables, Oid parameters_relid) {
  for_each_config_row(severities_query, tables, 2, [&](const auto& row) {
    Severity severity;
    if (parse_severity(row[1], &severity)) config.severities[row[0]] = severity;
  });
  if (OidIsValid(parameters_relid))
    for (const auto& row : parameter_rows(parameters_relid)) add_parameter_value(config, row);
  for_each_config_row(classes_query, tables, 2, [&](const auto& row) {
    TableClass table_class;
    if (parse_class(row[1].c_str(), &table_class))
      config.classes[static_cast<ObjectId>(std::stoul(row[0]))] = table_class;
  });
  for_each_config_row(patterns_query, tables, 2, [&](const auto& row) {
    TableClass table_class;
    if (parse_class(row[1].c_str(), &table_class)) config.class_patterns.emplace_back(row[0], table_class);
  });
  for_each_config_row(waivers_query, tables, 2, [&](const auto& row) {
    config.waivers.emplace(static_cast<ObjectId>(std::stoul(row[0])), row[1]);
  });
  config.baseline_without_identity = !baseline_has_identity();
  for_each_config_row(
      config.baseline_without_identity ? legacy_baseline_query : baseline_query, tables, 5, [&](const auto& row) {
        config.baseline.insert(baseline_key(static_cast<ObjectId>(std::stoul(row[0])), row[1], row[2], row[3], row[4]));
      });
}

}  // namespace

void register_config_invalidation() { CacheRegisterRelcacheCallback(on_relcache_invalidation, 0); }

Config load_config(const std::vector<ObjectId>* only_tables) {
  Config config;
  if (!configuration_installed("waiver_entries")) return config;
  // 0.4.0: presets (a library newer than the installed SQL has none to read).
  bool with_presets = configuration_installed("preset_entries");
  Oid parameters_relid = configuration_table("rule_parameters");  // 0.4.0, issue 12
  // At commit time no snapshot is active. On an error the transaction aborts, and
  // its cleanup closes the SPI connection and pops the snapshot.
  Datum tables = 0;
  if (only_tables != nullptr) {
    // Built before the call: no C++ value may be alive inside a pg_call (pg_boundary.hpp).
    std::vector<Datum> items;
    for (ObjectId relid : *only_tables) items.push_back(ObjectIdGetDatum(relid));
    const Datum* data = items.data();
    int count = static_cast<int>(items.size());
    tables = pg_call([&] {
      return PointerGetDatum(
          construct_array(const_cast<Datum*>(data), count, REGCLASSOID, sizeof(Oid), true, TYPALIGN_INT));
    });
  }
  bool pushed_snapshot = pg_call([&] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "schemaguard: SPI_connect failed");
    if (ActiveSnapshotSet()) return false;
    PushActiveSnapshot(GetTransactionSnapshot());
    return true;
  });
  read_config(config, tables, parameters_relid);
  if (with_presets) {
    for_each_config_row(presets_query, tables, 2, [&](const auto& row) {
      config.presets.push_back(EnabledPreset{row[0], row[1]});
    });
    for_each_config_row(former_partitions_query, tables, 3, [&](const auto& row) {
      FormerPartition& former = config.former_partitions[static_cast<ObjectId>(std::stoul(row[0]))];
      former.key_columns = parse_text_array(row[1]);
      for (std::string& name : parse_text_array(row[2])) former.index_names.insert(std::move(name));
    });
  }
  pg_call([&] {
    if (pushed_snapshot) PopActiveSnapshot();
    SPI_finish();
  });
  return config;
}

}  // namespace schemaguard
