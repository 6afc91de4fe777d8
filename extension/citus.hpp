// Citus (the distributed PostgreSQL engine), when it is installed: which relations are
// its logical tables, which are its shards, and what a commit on this node judges.
// Citus is never linked: its catalogs (pg_dist_partition, pg_dist_shard,
// pg_dist_local_group) are looked up by name, and without them nothing changes.
// docs/citus.md explains the choices.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine.hpp"
#include "table_shape.hpp"

namespace schemaguard {

class CitusMetadata {
 public:
  // Reads pg_dist_local_group and pg_dist_partition; empty when Citus is absent.
  static CitusMetadata load();

  bool present() const { return present_; }
  // A node other than the coordinator (Citus's local group id is not 0).
  bool is_worker() const { return present_ && local_group_ != 0; }
  // A Citus table: distributed, reference or Citus-managed local (pg_dist_partition).
  bool is_logical(ObjectId relid) const { return tables_.count(relid) > 0; }
  // The distribution column of a hash-distributed table, 0 for any other relation.
  AttrNumber distribution_column(ObjectId relid) const;
  // The logical table whose shard a relation is, by pg_dist_shard: the name is the
  // logical table's name with "_<shard id>" appended (as Citus names shards), the shard
  // id is a shard of that table, and both are in the same schema with the same owner.
  // 0 when the relation is not a known shard.
  ObjectId shard_of(const std::string& name, ObjectId namespace_oid, ObjectId owner) const;
  // Left out of reports: a known shard, and on a worker a Citus table (its shell),
  // which the coordinator judges.
  bool hidden(ObjectId relid, const std::string& name, ObjectId namespace_oid, ObjectId owner) const;

 private:
  bool present_ = false;
  std::int32_t local_group_ = 0;
  ObjectId shard_catalog_ = 0;
  ObjectId shard_index_ = 0;
  std::unordered_map<ObjectId, AttrNumber> tables_;  // logical table -> distribution column (0: none)
};

// A shard judged as its logical table (non-superuser sessions only, see plan_citus_commit).
struct LogicalForm {
  std::uint64_t shard_id = 0;
  ObjectId logical = 0;                  // 0: not in the metadata yet
  std::string logical_name;              // when known
  std::string distribution_column_name;  // when known
};

struct CitusCommitPlan {
  std::vector<ObjectId> tables;                             // to judge, in order
  std::unordered_map<ObjectId, LogicalForm> logical_forms;  // of those, judged as their logical table
};

// A superuser's session that Citus opened to run its own commands (application_name
// "citus_internal gpid=..." or "citus_rebalancer gpid=..."): what it does comes from the
// coordinator, where it was judged, and a superuser may switch schemaguard off anyway. The
// event triggers record nothing there.
bool citus_superuser_session();

// Which of the touched tables a commit judges, and how. Without Citus: all, as they are.
CitusCommitPlan plan_citus_commit(const std::vector<ObjectId>& tables);

// Applies a LogicalForm to a shard's shape (its OID becomes the logical table's when
// known, so that the logical table's waivers and baseline apply).
void apply_logical_form(TableShape& shape, const LogicalForm& form);

// A violation found on a shard judged in logical form: without a known logical table
// it names the shard itself, and has no hint (the logical table's hint fits no object).
void attribute_to_shard(Violation& violation, const LogicalForm& form, const TableShape& shard);

}  // namespace schemaguard
