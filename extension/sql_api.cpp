// The SQL-callable functions of schema schemaguard.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "guard.hpp"
#include "pg_boundary.hpp"
#include "presets.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(schemaguard_violations);
PG_FUNCTION_INFO_V1(schemaguard_check_table);
PG_FUNCTION_INFO_V1(schemaguard_compliance);
PG_FUNCTION_INFO_V1(schemaguard_rule_catalog);
PG_FUNCTION_INFO_V1(schemaguard_check_now);
PG_FUNCTION_INFO_V1(schemaguard_rule_parameter_catalog);
PG_FUNCTION_INFO_V1(schemaguard_rule_parameter_problem);
PG_FUNCTION_INFO_V1(schemaguard_calling_role);
PG_FUNCTION_INFO_V1(schemaguard_tables_in_scope);
PG_FUNCTION_INFO_V1(schemaguard_explain);
PG_FUNCTION_INFO_V1(schemaguard_baseline_findings);
PG_FUNCTION_INFO_V1(schemaguard_preset_catalog);
PG_FUNCTION_INFO_V1(schemaguard_exempt_tables);
PG_FUNCTION_INFO_V1(schemaguard_library_preloaded);
PG_FUNCTION_INFO_V1(schemaguard_rule_parameters_changed);
}

namespace schemaguard {
namespace {

// One output value: text, an integer, a boolean, a text[], a jsonb (from its text), or NULL.
struct Cell {
  std::optional<std::string> text;
  std::optional<long> number;
  std::optional<bool> flag;
  std::optional<std::vector<std::string>> texts;
  std::optional<std::string> json;
  static Cell of(std::string value) { return Cell{std::move(value), std::nullopt}; }
  static Cell of_nullable(std::string value) { return value.empty() ? Cell{} : of(std::move(value)); }
  static Cell of(long value) { return Cell{std::nullopt, value}; }
  static Cell of_bool(bool value) { return Cell{std::nullopt, std::nullopt, value}; }
  static Cell of_array(std::vector<std::string> value) {
    Cell cell;
    cell.texts = std::move(value);
    return cell;
  }
  static Cell of_json(std::string value) {
    Cell cell;
    cell.json = std::move(value);
    return cell;
  }
};

// A JSON string literal.
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      static const char* const kHex = "0123456789abcdef";
      out += "\\u00";
      out += kHex[ch >> 4];
      out += kHex[ch & 0xF];
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

// {"parameter": ["value", ...], ...}: the parameters set, as stored; {} while V1.
std::string parameters_json(const ParameterValues& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + json_string(values[i].first) + ": [";
    for (std::size_t j = 0; j < values[i].second.size(); ++j) out += (j ? ", " : "") + json_string(values[i].second[j]);
    out += "]";
  }
  return out + "}";
}

// The values of a text[] argument (NULL elements: has_null set, left out).
std::vector<std::string> text_array_argument(Datum array, bool* has_null) {
  Datum* elements = nullptr;
  bool* nulls = nullptr;
  int count = 0;
  pg_call([&] {
    deconstruct_array(DatumGetArrayTypeP(array), TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &count);
  });
  std::vector<std::string> values;
  *has_null = false;
  for (int i = 0; i < count; ++i) {
    if (nulls[i]) {
      *has_null = true;
      continue;
    }
    const char* item = pg_call([&] { return text_to_cstring(DatumGetTextPP(elements[i])); });
    values.emplace_back(item);
  }
  return values;
}

// Rows of a set-returning function in materialize mode.
class ResultRows {
 public:
  explicit ResultRows(FunctionCallInfo fcinfo) {
    pg_call([&] { InitMaterializedSRF(fcinfo, 0); });
    result_ = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  }

  // Cells beyond the columns the SQL declares are left out: a library newer than the
  // installed SQL script (before ALTER EXTENSION ... UPDATE) returns what that script declares.
  void add(const std::vector<Cell>& cells) {
    pg_call([&] {
      int count = result_->setDesc->natts;
      Datum* values = static_cast<Datum*>(palloc0(sizeof(Datum) * count));
      bool* nulls = static_cast<bool*>(palloc0(sizeof(bool) * count));
      for (int i = 0; i < count; ++i) {
        if (i >= static_cast<int>(cells.size())) {
          nulls[i] = true;
          continue;
        }
        const Cell& cell = cells[i];
        if (cell.text) {
          values[i] = CStringGetTextDatum(cell.text->c_str());
        } else if (cell.number) {
          values[i] = Int32GetDatum(static_cast<int32>(*cell.number));
        } else if (cell.flag) {
          values[i] = BoolGetDatum(*cell.flag);
        } else if (cell.texts) {
          int items = static_cast<int>(cell.texts->size());
          Datum* elements = static_cast<Datum*>(palloc0(sizeof(Datum) * (items + 1)));
          for (int j = 0; j < items; ++j) elements[j] = CStringGetTextDatum((*cell.texts)[j].c_str());
          values[i] = PointerGetDatum(construct_array(elements, items, TEXTOID, -1, false, TYPALIGN_INT));
        } else if (cell.json) {
          values[i] = DirectFunctionCall1(jsonb_in, CStringGetDatum(cell.json->c_str()));
        } else {
          nulls[i] = true;
        }
      }
      tuplestore_putvalues(result_->setResult, result_->setDesc, values, nulls);
    });
  }

 private:
  ReturnSetInfo* result_;
};

// Every violation of the tables given (relids), or of every table (nullptr).
void emit_violations(FunctionCallInfo fcinfo, const std::vector<ObjectId>* relids) {
  Config config = load_config();
  std::vector<TableShape> tables =
      relids != nullptr ? read_tables(*relids, true, &config.parameters) : read_all_tables(&config.parameters);
  ResultRows rows(fcinfo);
  for (TableShape& table : tables) {
    check_for_interrupts();
    for (const Violation& v : judge(table, config)) {
      check_for_interrupts();
      rows.add({Cell::of(v.rule), Cell::of(severity_name(v.severity)), Cell::of(v.schema), Cell::of(v.table),
                Cell::of_nullable(v.object_name), Cell::of(v.message), Cell::of_nullable(v.hint),
                Cell::of(status_name(v.status))});
    }
  }
}

struct RuleTally {
  long tables_checked = 0;
  long open = 0;
  long waived = 0;
  long baselined = 0;
  std::vector<std::string> open_tables;
};

std::string compliance_notes(Severity severity, const RuleTally& tally) {
  if (severity == Severity::kOff) return "rule is off: not checked";
  std::string notes;
  if (tally.open > 0) {
    notes = std::to_string(tally.open) + " open in ";
    for (std::size_t i = 0; i < tally.open_tables.size() && i < 3; ++i) notes += (i ? ", " : "") + tally.open_tables[i];
    if (tally.open_tables.size() > 3) notes += " and " + std::to_string(tally.open_tables.size() - 3) + " more";
  }
  auto append = [&](long count, const char* what) {
    if (count == 0) return;
    if (!notes.empty()) notes += "; ";
    notes += std::to_string(count) + " " + what;
  };
  append(tally.waived, "waived");
  append(tally.baselined, "baselined");
  if (severity == Severity::kWarning) {
    if (!notes.empty()) notes += "; ";
    notes += "severity warning: never blocks";
  }
  if (notes.empty())
    notes = tally.tables_checked == 0 ? "no tables in scope"
                                      : "all " + std::to_string(tally.tables_checked) + " tables pass";
  return notes;
}

}  // namespace
}  // namespace schemaguard

using namespace schemaguard;

extern "C" Datum schemaguard_violations(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    emit_violations(fcinfo, nullptr);
    return (Datum)0;
  });
}

extern "C" Datum schemaguard_check_table(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    std::vector<ObjectId> relids{PG_GETARG_OID(0)};
    emit_violations(fcinfo, &relids);
    return (Datum)0;
  });
}

extern "C" Datum schemaguard_compliance(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    if (!library_preloaded())
      pg_call([] {
        ereport(WARNING,
                (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                 errmsg("schemaguard is not in shared_preload_libraries: some DDL (EXPLAIN ANALYZE CREATE TABLE "
                        "AS, REINDEX) is not checked in sessions that have not loaded it yet"),
                 errhint("Add schemaguard to shared_preload_libraries in postgresql.conf and restart the "
                         "server.")));
      });
    Config config = load_config();
    std::map<std::string, RuleTally> tallies;
    long exempt = 0;
    for (TableShape& table : read_all_tables(&config.parameters)) {
      check_for_interrupts();
      std::vector<Violation> violations = judge(table, config);
      if (table.table_class == TableClass::kExempt) {
        ++exempt;
        continue;
      }
      for (const Rule& rule : all_rules()) {
        if (!rule_applies(rule, table)) continue;
        RuleTally& tally = tallies[rule.name];
        ++tally.tables_checked;
        bool table_open = false;
        for (const Violation& v : violations) {
          if (v.rule != rule.name) continue;
          if (v.status == Status::kWaived)
            ++tally.waived;
          else if (v.status == Status::kBaselined)
            ++tally.baselined;
          else
            ++tally.open, table_open = true;
        }
        if (table_open) tally.open_tables.push_back(table.qualified_name);
      }
    }
    ResultRows rows(fcinfo);
    for (const Rule& rule : all_rules()) {
      const RuleTally& tally = tallies[rule.name];
      Severity severity = config.severity_of(rule);
      const char* status = severity == Severity::kOff           ? "off"
                           : tally.open > 0                     ? "violations"
                           : tally.waived + tally.baselined > 0 ? "waived"
                                                                : "compliant";
      std::string notes = compliance_notes(severity, tally);
      if (exempt > 0)
        notes += "; " + std::to_string(exempt) + (exempt == 1 ? " table" : " tables") +
                 " exempt, not checked (schemaguard.exemptions)";
      auto set = config.parameter_values.find(rule.name);
      rows.add(
          {Cell::of(rule.name), Cell::of(rule.description), Cell::of(status), Cell::of(tally.tables_checked),
           Cell::of(tally.open), Cell::of(tally.waived + tally.baselined), Cell::of(notes),
           Cell::of_json(parameters_json(set == config.parameter_values.end() ? ParameterValues{} : set->second))});
    }
    return (Datum)0;
  });
}

// The tables the rules judge, with their class: the scope is the extension's to define,
// so clients read it here instead of repeating it.
extern "C" Datum schemaguard_tables_in_scope(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    Config config = load_config();
    std::vector<TableShape> tables = read_all_tables(&config.parameters);
    ResultRows rows(fcinfo);
    for (const TableShape& table : tables) {
      check_for_interrupts();
      TableClass table_class = config.class_of(table);
      if (table_class == TableClass::kExempt) continue;  // out of scope: see the exemptions view
      rows.add({Cell::of(table.schema), Cell::of(table.name), Cell::of(class_name(table_class)),
                Cell::of_bool(table.is_partition)});
    }
    return (Datum)0;
  });
}

// explain(rule): what the rule requires and why, with the severity in force.
extern "C" Datum schemaguard_explain(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    std::string name = pg_call([&] { return text_to_cstring(PG_GETARG_TEXT_PP(0)); });
    const Rule* rule = find_rule(name);
    if (rule == nullptr) {
      std::string names;
      for (const Rule& known : all_rules()) names += (names.empty() ? "" : ", ") + std::string(known.name);
      throw GuardError(ERRCODE_INVALID_PARAMETER_VALUE, "schemaguard: unknown rule \"" + name + "\"", "",
                       "The rules are: " + names + ".");
    }
    Config config = load_config();
    auto found = config.parameter_values.find(rule->name);
    ParameterValues values;
    if (found != config.parameter_values.end()) values = found->second;
    std::string text = explain_rule(*rule, config.severity_of(*rule), values);
    const char* explanation = text.c_str();
    return pg_call([&] { return PointerGetDatum(cstring_to_text(explanation)); });
  });
}

extern "C" Datum schemaguard_rule_catalog(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    ResultRows rows(fcinfo);
    for (const Rule& rule : all_rules())
      rows.add({Cell::of(rule.name), Cell::of(severity_name(rule.default_severity)), Cell::of(rule.description)});
    return (Datum)0;
  });
}

// The parameters each rule declares (Rule::parameters): what set_rule_parameter()
// validates against and what the rules view lists.
extern "C" Datum schemaguard_rule_parameter_catalog(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    ResultRows rows(fcinfo);
    for (const Rule& rule : all_rules())
      for (const RuleParameter& parameter : rule.parameters)
        rows.add({Cell::of(rule.name), Cell::of(parameter.name), Cell::of(parameter_kind_name(parameter.kind)),
                  Cell::of(parameter.returns), Cell::of(parameter.description), Cell::of(parameter.v1_value),
                  Cell::of(static_cast<long>(parameter.max_values)), Cell::of_array(parameter.choices),
                  Cell::of(parameter_kind_code(parameter.kind))});
    return (Datum)0;
  });
}

// rule_parameter_problem(rule, parameter, value): one row, what the checks that need no
// server find wrong with the value (message and hint, NULL when nothing), and the value
// to store (kChoices in lower case). set_rule_parameter() raises the message.
extern "C" Datum schemaguard_rule_parameter_problem(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    std::string rule_name = pg_call([&] { return text_to_cstring(PG_GETARG_TEXT_PP(0)); });
    std::string parameter_name = pg_call([&] { return text_to_cstring(PG_GETARG_TEXT_PP(1)); });
    bool has_null = false;
    std::vector<std::string> value = text_array_argument(PG_GETARG_DATUM(2), &has_null);
    const Rule* rule = find_rule(rule_name);
    const RuleParameter* parameter = rule == nullptr ? nullptr : find_parameter(*rule, parameter_name);
    ParameterProblem problem;
    if (parameter == nullptr) {
      problem.message = "schemaguard: rule \"" + rule_name + "\" has no parameter \"" + parameter_name + "\"";
    } else {
      problem = parameter_problem(rule->name, *parameter, has_null ? std::vector<std::string>{} : value);
      if (problem.message.empty()) value = canonical_parameter_value(*parameter, value);
    }
    ResultRows rows(fcinfo);
    rows.add({Cell::of_nullable(problem.message), Cell::of_nullable(problem.hint), Cell::of_array(value)});
    return (Datum)0;
  });
}

extern "C" Datum schemaguard_check_now(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    run_pending_checks();
    PG_RETURN_VOID();
  });
}

// Every finding with what baseline() records of it: table (schema and name), rule,
// object, message, identity (engine.hpp baseline_key) and status. Internal: schemaguard.baseline() and
// the 0.4.0 upgrade read it.
extern "C" Datum schemaguard_baseline_findings(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    Config config = load_config();
    ResultRows rows(fcinfo);
    for (TableShape& table : read_all_tables(&config.parameters)) {
      check_for_interrupts();
      for (const Violation& v : judge(table, config)) {
        check_for_interrupts();
        rows.add({Cell::of(v.schema), Cell::of(v.table), Cell::of(v.rule), Cell::of(v.object_name), Cell::of(v.message),
                  Cell::of(v.identity), Cell::of(status_name(v.status))});
      }
    }
    return (Datum)0;
  });
}

// The role that called into a SECURITY DEFINER function: current_user as of SET ROLE,
// which SECURITY DEFINER does not change.
extern "C" Datum schemaguard_calling_role(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum { return ObjectIdGetDatum(GetOuterUserId()); });
}

extern "C" Datum schemaguard_preset_catalog(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    ResultRows rows(fcinfo);
    for (const Preset& preset : all_presets())
      for (const std::string& table : preset.tables)
        rows.add({Cell::of(preset.name), Cell::of(preset.tool), Cell::of_nullable(preset.schema), Cell::of(table)});
    return (Datum)0;
  });
}

extern "C" Datum schemaguard_exempt_tables(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum {
    Config config = load_config();
    ResultRows rows(fcinfo);
    for (const TableShape& table : read_all_tables(&config.parameters)) {
      check_for_interrupts();
      ClassOrigin origin = config.class_origin(table);
      if (origin.table_class != TableClass::kExempt) continue;
      const char* source = origin.source == ClassSource::kExplicit ? "classify"
                           : origin.source == ClassSource::kPreset ? "preset"
                                                                   : "pattern";
      rows.add({Cell::of(table.schema), Cell::of(table.name), Cell::of(source), Cell::of_nullable(origin.name)});
    }
    return (Datum)0;
  });
}

// Whether the library was loaded at server start (shared_preload_libraries).
extern "C" Datum schemaguard_library_preloaded(PG_FUNCTION_ARGS) {
  return guarded([&]() -> Datum { PG_RETURN_BOOL(library_preloaded()); });
}

// The statement trigger of schemaguard.rule_parameters (0.5.0): invalidates the table's
// relcache entry, so that every backend's cached parameters (config.cpp) are read anew.
extern "C" Datum schemaguard_rule_parameters_changed(PG_FUNCTION_ARGS) {
  return schemaguard::guarded([&]() -> Datum {
    schemaguard::pg_call([&] {
      if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("schemaguard: rule_parameters_changed() is a trigger function")));
      CacheInvalidateRelcache(reinterpret_cast<TriggerData*>(fcinfo->context)->tg_relation);
    });
    return PointerGetDatum(nullptr);
  });
}
