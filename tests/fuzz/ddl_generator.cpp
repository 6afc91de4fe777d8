// Plans, the choice of operation, names and the small pieces every operation uses.
#include "ddl_generator.hpp"

#include <algorithm>

namespace ddlfuzz {

bool looks_like_uuid_default(const std::string& expr) {
  return expr == "gen_random_uuid()" || expr == "pg_catalog.gen_random_uuid()";
}

bool looks_like_now_default(const std::string& expr) {
  static const char* const kGood[] = {"now()",
                                      "pg_catalog.now()",
                                      "CURRENT_TIMESTAMP",
                                      "transaction_timestamp()",
                                      "statement_timestamp()",
                                      "clock_timestamp()"};
  for (const char* good : kGood)
    if (expr == good) return true;
  return starts_with(expr, "CURRENT_TIMESTAMP(");
}

bool is_timestamptz(const std::string& type) {
  return starts_with(type, "timestamp") && type.find("with time zone") != std::string::npos;
}

Generator::Generator(std::uint64_t seed, SessionNames names, GeneratorOptions options)
    : rng_(seed), names_(std::move(names)), options_(options) {}

Plan Generator::plan() {
  Plan plan;
  int operations = 1 + static_cast<int>(rng_.weighted({32, 30, 20, 12, 6}));
  for (int i = 0; i < operations; ++i) {
    PlanItem item;
    std::size_t draw = rng_.below(100);
    if (draw < 10) {
      item.kind = PlanItem::kSavepointGroup;
      item.operations = rng_.between(1, 2);
      item.rollback_to = rng_.chance(0.5);
    } else if (draw < 28) {
      item.kind = PlanItem::kProtected;
    }
    plan.items.push_back(item);
  }
  plan.rollback = rng_.chance(0.05);
  plan.repair = rng_.chance(0.25);
  plan.prepare = !plan.rollback && rng_.chance(0.05);
  return plan;
}

std::vector<std::string> Generator::operation(const Model& model) {
  reserved_.clear();
  int in_scope = 0, partitioned = 0;
  for (const Table& t : model.tables) {
    if (t.in_scope()) ++in_scope;
    if (t.kind == 'p' && !t.shared) ++partitioned;
  }
  const bool some = in_scope > 0;
  const bool crowded = in_scope > 35;
  enum Op {
    kCreate,
    kPartitioned,
    kPartition,
    kInherits,
    kCopy,
    kTemp,
    kTyped,
    kNeutral,
    kBreaking,
    kForeignKey,
    kIndex,
    kChangeIndex,
    kRename,
    kSetSchema,
    kDrop,
    kAttachDetach,
    kInheritance,
    kAlterType,
    kDomain,
    kLookAlike,
    kOutOfScope,
    kMember,
    kSchema
  };
  const std::vector<int> weights = {
      in_scope < 8 ? 30
      : crowded    ? 4
                   : 16,           // kCreate
      3,                        // kPartitioned
      partitioned > 0 ? 4 : 0,  // kPartition
      some ? 3 : 0,             // kInherits
      some ? 5 : 1,             // kCopy
      3,                        // kTemp
      2,                        // kTyped
      some ? 14 : 0,            // kNeutral
      some ? 9 : 0,             // kBreaking
      some ? 6 : 0,             // kForeignKey
      some ? 13 : 0,            // kIndex
      some ? 5 : 0,             // kChangeIndex
      some ? 3 : 0,             // kRename
      some ? 2 : 0,             // kSetSchema
      crowded ? 25
      : some  ? 4
              : 0,                   // kDrop
      partitioned > 0 ? 3 : 0,      // kAttachDetach
      some ? 1 : 0,                 // kInheritance
      model.types.empty() ? 0 : 3,  // kAlterType
      some ? 2 : 0,                 // kDomain
      1,                            // kLookAlike
      2,                            // kOutOfScope
      some ? 1 : 0,                 // kMember
      1,                            // kSchema
  };
  for (int attempt = 0; attempt < 12; ++attempt) {
    Statements out;
    switch (static_cast<Op>(rng_.weighted(weights))) {
      case kCreate:
        out = create_table(model);
        break;
      case kPartitioned:
        out = create_partitioned(model);
        break;
      case kPartition:
        out = create_partition(model);
        break;
      case kInherits:
        out = create_inherits(model);
        break;
      case kCopy:
        out = create_copy(model);
        break;
      case kTemp:
        out = create_temp(model);
        break;
      case kTyped:
        out = create_typed(model);
        break;
      case kNeutral:
        out = alter_neutral(model);
        break;
      case kBreaking:
        out = alter_breaking(model);
        break;
      case kForeignKey:
        out = foreign_key(model);
        break;
      case kIndex:
        out = create_index(model);
        break;
      case kChangeIndex:
        out = change_index(model);
        break;
      case kRename:
        out = rename_table(model);
        break;
      case kSetSchema:
        out = set_schema(model);
        break;
      case kDrop:
        out = drop_table(model);
        break;
      case kAttachDetach:
        out = attach_detach(model);
        break;
      case kInheritance:
        out = inheritance_change(model);
        break;
      case kAlterType:
        out = alter_type(model);
        break;
      case kDomain:
        out = domain_change(model);
        break;
      case kLookAlike:
        out = look_alike(model);
        break;
      case kOutOfScope:
        out = out_of_scope(model);
        break;
      case kMember:
        out = extension_member(model);
        break;
      case kSchema:
        out = schema_change(model);
        break;
    }
    if (!out.empty()) return out;
  }
  return create_table(model);
}

std::vector<std::string> Generator::repair_next(const Model& model) {
  reserved_.clear();
  for (const Table& t : model.tables) {
    if (!t.in_scope() || std::find(repaired_.begin(), repaired_.end(), t.oid) != repaired_.end()) continue;
    Statements fixes = repair_table(model, t);
    if (fixes.empty()) continue;
    repaired_.push_back(t.oid);
    return fixes;
  }
  return {};
}

std::string Generator::table_name() {
  const std::string n = number();
  static const std::vector<std::string> kWords = {"users",  "orders", "invoices", "tracks",   "sessions",
                                                  "events", "files",  "profiles", "messages", "tags"};
  switch (rng_.weighted({50, 15, 6, 7, 5, 6, 5, 6})) {
    case 0:
      return "t" + n;
    case 1:
      return rng_.pick(kWords) + "_" + n;
    case 2:
      return "Tbl" + n;  // mixed case: quoted
    case 3:
      return "zürich_" + n;  // non-ASCII
    case 4:
      return "tab le\"" + n;  // a space and a quote
    case 5:
      return "a_rather_long_table_name_so_index_names_pass_63_b_" + n;  // idx_<t>_<col> gets truncated
    case 6: {                                                           // multibyte, near the limit
      std::string name;
      for (int i = 0; i < 26; ++i) name += "ü";
      return name + "_" + n;
    }
    default:
      return "Ünï Çödé " + n;
  }
}

// stem, or stem_<n> when the schema already has a relation or type of that name
// (nor one chosen earlier for the same operation)
std::string Generator::fresh_name(const Model& model, const std::string& schema, const std::string& stem) {
  auto taken = [&](const std::string& name) {
    return model.name_taken(schema, name) ||
           std::find(reserved_.begin(), reserved_.end(), schema + "." + truncate_name(name)) != reserved_.end();
  };
  std::string chosen = "x" + number();
  if (!taken(stem)) {
    chosen = stem;
  } else {
    for (int i = 0; i < 5; ++i) {
      std::string name = stem + "_" + number();
      if (truncate_name(name) == name && !taken(name)) {
        chosen = name;
        break;
      }
    }
  }
  reserved_.push_back(schema + "." + truncate_name(chosen));
  return chosen;
}

std::string Generator::key_default() {
  static const std::vector<std::string> kDefaults = {"gen_random_uuid()", "pg_catalog.gen_random_uuid()",
                                                     "(gen_random_uuid())", "gen_random_uuid()::uuid"};
  return kDefaults[rng_.weighted({75, 15, 5, 5})];
}

std::string Generator::timestamp_type() {
  static const std::vector<std::string> kTypes = {"timestamptz", "timestamp with time zone", "timestamptz(3)",
                                                  "timestamptz(0)", "TIMESTAMP(6) WITH TIME ZONE"};
  return kTypes[rng_.weighted({60, 20, 10, 5, 5})];
}

std::string Generator::timestamp_default() {
  static const std::vector<std::string> kDefaults = {"now()",
                                                     "CURRENT_TIMESTAMP",
                                                     "CURRENT_TIMESTAMP(3)",
                                                     "transaction_timestamp()",
                                                     "statement_timestamp()",
                                                     "clock_timestamp()",
                                                     "pg_catalog.now()",
                                                     "(now())"};
  return kDefaults[rng_.weighted({40, 20, 5, 8, 7, 7, 8, 5})];
}

// " ON DELETE ..." with every action; *set_null tells whether it is SET NULL
std::string Generator::on_delete_clause(bool* set_null) {
  static const std::vector<std::string> kActions = {
      " ON DELETE CASCADE",   " ON DELETE SET NULL", "",
      " ON DELETE NO ACTION", " ON DELETE RESTRICT", " ON DELETE SET DEFAULT"};
  std::size_t action = rng_.weighted({42, 33, 8, 5, 7, 5});
  if (set_null != nullptr) *set_null = action == 1;
  std::string clause = kActions[action];
  if (rng_.chance(0.1)) clause += " ON UPDATE CASCADE";
  if (rng_.chance(0.05)) clause += " DEFERRABLE INITIALLY DEFERRED";
  return clause;
}

std::string Generator::extra_column_type(std::string* name) {
  struct Sample {
    const char* name;
    const char* type;  // "@" prefix: a domain of the session's main schema
  };
  static const std::vector<Sample> kSamples = {
      {"email", "text"},        {"name", "varchar(80)"},
      {"kind", "text"},         {"amount", "numeric(12,2)"},
      {"qty", "integer"},       {"total", "bigint"},
      {"payload", "jsonb"},     {"born_on", "date"},
      {"seen_at", "timestamp"}, {"happened_at", "timestamptz"},
      {"flag", "boolean"},      {"score", "numeric"},
      {"Nick Name", "text"},    {"ünïcode", "text"},
      {"code", "varchar(20)"},  {"label", "@dom_text"},
      {"level", "@dom_int"},    {"span", "int4range"},
      {"seq_no", "bigserial"},  {"token", "uuid"},
      {"at_local", "@dom_ts"},  {"alt_id", "@dom_uuid"},
      {"small", "smallint"},    {"counter", "serial"},
  };
  const Sample& sample = rng_.pick(kSamples);
  *name = sample.name;
  std::string type = sample.type;
  return type[0] == '@' ? dom(type.substr(1)) : type;
}

std::string Generator::literal_default(const std::string& type) {
  if (type == "int4range") return "'[1,2)'";
  if (type.find("dom_int") != std::string::npos) return "7";
  if (type.find("int") != std::string::npos || type.find("numeric") != std::string::npos) return "0";
  if (type == "jsonb") return "'{}'::jsonb";
  if (type == "boolean") return "false";
  if (type == "date") return "CURRENT_DATE";
  if (type.find("timestamp") != std::string::npos || type.find("dom_ts") != std::string::npos) return "now()";
  if (type == "uuid" || type.find("dom_uuid") != std::string::npos) return "gen_random_uuid()";
  return "'x'";
}

const Table* Generator::pick_table(const Model& model, const std::function<bool(const Table&)>& filter) {
  std::vector<const Table*> all, recent;
  for (const Table& t : model.tables) {
    if (t.shared || !filter(t)) continue;
    all.push_back(&t);
    for (const auto& r : recent_)
      if (r.first == t.schema && r.second == t.name) {
        recent.push_back(&t);
        break;
      }
  }
  if (all.empty()) return nullptr;
  const Table* chosen = !recent.empty() && rng_.chance(0.5) ? rng_.pick(recent) : rng_.pick(all);
  touched(chosen->schema, chosen->name);
  return chosen;
}

// the single key column a foreign key can reference: the primary key or a unique column
const Column* referenceable_column(const Table& t) {
  for (const Constraint& k : t.constraints)
    if ((k.type == 'p' || k.type == 'u') && k.columns.size() == 1) return t.column(k.columns[0]);
  return nullptr;
}

const Table* Generator::pick_fk_target(const Model& model, const Table* from) {
  if (from != nullptr && rng_.chance(0.08) && referenceable_column(*from) != nullptr) return from;
  std::vector<const Table*> targets;
  for (const Table& t : model.tables)
    if (!t.temp && !t.unlogged && !t.partition && referenceable_column(t) != nullptr) targets.push_back(&t);
  return targets.empty() ? nullptr : rng_.pick(targets);
}

std::string Generator::wrap(const std::string& statement) {
  std::size_t how = starts_with(statement, "SELECT") ? 0 : rng_.weighted({91, 6, 3});  // no SELECT INTO in PL/pgSQL
  if (how == 1) return "DO $fz$ BEGIN EXECUTE " + ql(statement) + "; END $fz$";
  if (how == 2) return "SELECT " + qn(names_.main, "fz_exec") + "(" + ql(statement) + ")";  // from a function
  return statement;
}

}  // namespace ddlfuzz
