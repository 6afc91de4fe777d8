#include "touched_relations.hpp"

#include <algorithm>
#include <unordered_set>

namespace schemaguard {

void TouchedRelations::add(SubTransaction subtransaction, Relation relid) {
  if (!entries_.empty() && entries_.back() == std::make_pair(subtransaction, relid)) return;
  entries_.emplace_back(subtransaction, relid);
}

void TouchedRelations::commit_subtransaction(SubTransaction subtransaction, SubTransaction parent) {
  for (auto& entry : entries_)
    if (entry.first == subtransaction) entry.first = parent;
}

void TouchedRelations::abort_subtransaction(SubTransaction subtransaction) {
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const auto& entry) { return entry.first == subtransaction; }),
                 entries_.end());
}

std::vector<TouchedRelations::Relation> TouchedRelations::relations() const {
  std::vector<Relation> unique;
  std::unordered_set<Relation> seen;
  for (const auto& entry : entries_)
    if (seen.insert(entry.second).second) unique.push_back(entry.second);
  return unique;
}

}  // namespace schemaguard
