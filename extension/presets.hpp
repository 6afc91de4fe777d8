// Presets: the bookkeeping tables of common migration tools and operational extensions,
// by their real names, for a superuser to exempt one tool at a time
// (schemaguard.enable_preset). Pure C++, unit-tested.
#pragma once

#include <string>
#include <vector>

namespace schemaguard {

struct Preset {
  std::string name;    // what enable_preset() takes, e.g. "knex"
  std::string tool;    // what the tables belong to, for the presets view
  std::string schema;  // where the tool puts them by default; empty: enable_preset must be given one
  // The tool keeps its tables in a schema of its own (sqitch, drizzle): a table of that name
  // elsewhere is not the tool's. Otherwise the tool writes into its connection's schema.
  bool own_schema = false;
  std::vector<std::string> tables;  // table names in that schema; '*' is a wildcard
  // For presets without a default schema: the column, parallel to tables, by which a
  // table of that name is recognised as the tool's in a fix hint (PostGIS topology
  // tables have generic names: node, face, relation).
  std::vector<std::string> signature_columns;
};

// Every preset, in the order of the presets view.
const std::vector<Preset>& all_presets();
const Preset* find_preset(const std::string& name);

// Whether a table of that preset, enabled for that schema, is schema.table.
bool preset_covers(const Preset& preset, const std::string& preset_schema, const std::string& schema,
                   const std::string& table);

// Presets that could own this table, for a fix hint: a table named like one of the
// preset's tables, in any schema for tools that write into the connection's schema, in
// the tool's own schema otherwise; for presets with no default schema (PostGIS
// topologies, whose schema the user names), in any schema if it also has the
// signature column.
struct TableShape;
std::vector<const Preset*> presets_naming(const TableShape& table);

}  // namespace schemaguard
