// Which relations the commit-time check judges, across savepoints.
#include <catch2/catch.hpp>

#include "touched_relations.hpp"

using schemaguard::TouchedRelations;
using Relations = std::vector<TouchedRelations::Relation>;

TEST_CASE("touched relations: each relation once, in first-touched order") {
  TouchedRelations touched;
  touched.add(1, 100);
  touched.add(1, 100);
  touched.add(1, 200);
  touched.add(1, 100);
  CHECK(touched.relations() == Relations{100, 200});
  touched.clear();
  CHECK(touched.empty());
}

TEST_CASE("touched relations: ROLLBACK TO SAVEPOINT forgets, RELEASE keeps") {
  TouchedRelations touched;
  touched.add(1, 100);  // top level
  touched.add(2, 200);  // SAVEPOINT a
  touched.abort_subtransaction(2);
  CHECK(touched.relations() == Relations{100});

  touched.add(3, 300);  // SAVEPOINT b
  touched.commit_subtransaction(3, 1);
  CHECK(touched.relations() == Relations{100, 300});
}

TEST_CASE("touched relations: a released inner savepoint rolls back with its outer one") {
  TouchedRelations touched;
  touched.add(1, 100);
  touched.add(3, 300);                  // inner, nested in 2
  touched.commit_subtransaction(3, 2);  // RELEASE inner
  touched.add(2, 200);
  touched.abort_subtransaction(2);  // ROLLBACK TO outer
  CHECK(touched.relations() == Relations{100});
}
