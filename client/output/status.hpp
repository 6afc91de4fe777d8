// Rendering of `status`: text for people, JSON for scripts (shape in docs/client.md).
#pragma once
#include <string>

#include "migrations/plan.hpp"
#include "support/common.hpp"

namespace sg::output {

struct StatusContext {
  std::string database;
  std::string dir;
};

std::string render_status_text(const migrations::Plan& plan, const StatusContext& ctx, const Console& c);
std::string render_status_json(const migrations::Plan& plan, const StatusContext& ctx);

}  // namespace sg::output
