// Reading the catalog: turns tables into TableShape values for the pure rules.
// Two ways in, one assembly: a handful of tables by OID (index scans, used at
// commit time) or every table (one heap pass per catalog, joined in C++).
#pragma once

#include <optional>
#include <vector>

#include "table_shape.hpp"

namespace schemaguard {

// Shapes of those relations that are in scope (SPEC §2); others are skipped. With
// hide_citus_objects false, Citus's shards and shells stay (the commit decides, citus.hpp).
// parameters: the rule parameters in force (Config::parameters), whose column names have
// their defaults read as well; nullptr: V1's columns only (for callers that judge nothing).
std::vector<TableShape> read_tables(const std::vector<ObjectId>& relids, bool hide_citus_objects = true,
                                    const RuleParameters* parameters = nullptr);

// Shapes of every table in scope, in schema, table order (parameters: as for read_tables).
std::vector<TableShape> read_all_tables(const RuleParameters* parameters);

// The table a DDL command touched through this relation: the relation itself for a
// table, the indexed table for an index, 0 for anything else or a dropped relation.
ObjectId owning_table(ObjectId relid);

// The typed tables (CREATE TABLE ... OF type) of a composite type's relation: ALTER TYPE
// ... CASCADE changes their columns, yet reports only the type. Empty for any other relation.
std::vector<ObjectId> typed_tables(ObjectId relid);

// The relations with a column of this domain, or of a domain based on it at any depth:
// ALTER DOMAIN ... SET NOT NULL changes what their columns accept, yet reports only the
// type. Empty for any other type (or a non-type OID).
std::vector<ObjectId> domain_tables(ObjectId type_oid);

// Inheritance children (not partitions) of a table, recursively; empty for most.
std::vector<ObjectId> inheritance_children(ObjectId relid);

}  // namespace schemaguard
