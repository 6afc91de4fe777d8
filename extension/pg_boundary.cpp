#include "pg_boundary.hpp"

namespace schemaguard::detail {

void report_and_throw(int sqlstate, char* message, char* detail_text, char* hint) {
  char* pmessage = to_palloc(message);
  char* pdetail = to_palloc(detail_text);
  char* phint = to_palloc(hint);
  ereport(ERROR, (errcode(sqlstate), errmsg("%s", pmessage ? pmessage : "schemaguard: out of memory"),
                  pdetail ? errdetail_internal("%s", pdetail) : 0, phint ? errhint("%s", phint) : 0));
  pg_unreachable();
}

}  // namespace schemaguard::detail
