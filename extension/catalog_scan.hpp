// One catalog scan, shared by the catalog layer (catalog.cpp) and the Citus metadata
// reader (citus.cpp).
#pragma once

#include "pg_boundary.hpp"

namespace schemaguard {

// One catalog scan, by index when keys are given, else a heap pass. Every step is its
// own pg_call, and on_row runs outside any: it may build C++ values, and calls into
// PostgreSQL only through pg_call itself. Each row checks for interrupts. On an error
// the scan stays open; the transaction's abort closes it.
template <typename OnRow>
void scan_catalog(Oid catalog, Oid index, ScanKeyData* keys, int key_count, OnRow&& on_row) {
  Relation relation = nullptr;
  SysScanDesc scan = nullptr;
  TupleDesc descriptor = nullptr;
  pg_call([&] {
    relation = table_open(catalog, AccessShareLock);
    scan = systable_beginscan(relation, index, OidIsValid(index), NULL, key_count, keys);
    descriptor = RelationGetDescr(relation);
  });
  for (;;) {
    HeapTuple tuple = pg_call([&] {
      CHECK_FOR_INTERRUPTS();
      return systable_getnext(scan);
    });
    if (!HeapTupleIsValid(tuple)) break;
    on_row(tuple, descriptor);
  }
  pg_call([&] {
    systable_endscan(scan);
    table_close(relation, AccessShareLock);
  });
}

}  // namespace schemaguard
