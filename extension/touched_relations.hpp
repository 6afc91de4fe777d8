// The relations DDL touched in the current transaction, per subtransaction, so a
// ROLLBACK TO SAVEPOINT forgets what the rolled-back part touched. Pure C++.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace schemaguard {

class TouchedRelations {
 public:
  using SubTransaction = std::uint32_t;
  using Relation = std::uint32_t;

  void add(SubTransaction subtransaction, Relation relid);
  // A subtransaction committed: what it touched now belongs to its parent.
  void commit_subtransaction(SubTransaction subtransaction, SubTransaction parent);
  // A subtransaction rolled back: what it touched is forgotten.
  void abort_subtransaction(SubTransaction subtransaction);
  void clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  // Each touched relation once, in first-touched order.
  std::vector<Relation> relations() const;

 private:
  std::vector<std::pair<SubTransaction, Relation>> entries_;
};

}  // namespace schemaguard
