// The rule registry, severities, identifier truncation, and TableShape lookups.
#include <algorithm>
#include <cstddef>

#include "rules.hpp"

namespace schemaguard {

const Column* TableShape::column(AttrNumber attnum) const {
  // columns are in attnum order: a binary search, so rules that look up every column
  // of every foreign key stay linear in practice on wide tables.
  auto found = std::lower_bound(columns.begin(), columns.end(), attnum,
                                [](const Column& column, AttrNumber value) { return column.attnum < value; });
  return found != columns.end() && found->attnum == attnum ? &*found : nullptr;
}

const Column* TableShape::column(const std::string& column_name) const {
  for (const Column& candidate : columns) {
    if (candidate.name == column_name) return &candidate;
  }
  return nullptr;
}

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      {"primary_key", Severity::kError,
       "every table has a single-column uuid primary key DEFAULT gen_random_uuid()",
       &check_primary_key, {}, true},
      {"timestamps", Severity::kError,
       "every table has created_at and updated_at timestamptz NOT NULL DEFAULT now()",
       &check_timestamps, judged_columns::kTimestamps},
      {"soft_delete", Severity::kError,
       "every entity table has a nullable deleted_at timestamptz without a default",
       &check_soft_delete, {judged_columns::kSoftDelete}},
      {"fk_on_delete", Severity::kError,
       "every foreign key is ON DELETE CASCADE or ON DELETE SET NULL on nullable columns",
       &check_fk_on_delete, {}, false, true},
      {"index_naming", Severity::kError,
       "every index not backing a constraint is named idx_<table>_<first key column>[_...]",
       &check_index_naming},
      {"fk_index", Severity::kWarning,
       "every foreign key's columns lead some index", &check_fk_index},
  };
  return rules;
}

bool judges_default(const std::string& column_name, bool in_primary_key) {
  for (const Rule& rule : all_rules()) {
    if (in_primary_key && rule.judges_key_default) return true;
    for (const std::string& name : rule.default_columns)
      if (name == column_name) return true;
  }
  return false;
}

const Rule* find_rule(const std::string& name) {
  for (const Rule& rule : all_rules()) {
    if (name == rule.name) return &rule;
  }
  return nullptr;
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::kOff:
      return "off";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

bool parse_severity(const std::string& text, Severity* out) {
  std::string lower;
  for (char ch : text) {
    lower += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
  }
  Severity parsed;
  if (lower == "error") {
    parsed = Severity::kError;
  } else if (lower == "warning") {
    parsed = Severity::kWarning;
  } else if (lower == "off") {
    parsed = Severity::kOff;
  } else {
    return false;
  }
  if (out != nullptr) *out = parsed;
  return true;
}

std::string truncate_identifier(const std::string& name) {
  constexpr std::size_t kMaxBytes = 63;  // NAMEDATALEN - 1
  if (name.size() <= kMaxBytes) return name;
  std::size_t cut = kMaxBytes;
  // Back up to the start of the character that straddles the limit:
  // UTF-8 continuation bytes are 10xxxxxx.
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut);
}

}  // namespace schemaguard
