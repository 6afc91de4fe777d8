#include "output/status.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace sg::output {

using migrations::State;

std::string render_status_text(const migrations::Plan& plan, const StatusContext& ctx, const Console& c) {
  std::string out = fmt::format("{} — migrations in {}\n", ctx.database, ctx.dir);
  size_t width = 7;
  for (const auto& e : plan.entries) width = std::max(width, e.version.size());
  for (const auto& e : plan.entries) {
    std::string state = to_string(e.state);
    std::string label = fmt::format("{:<12}", state == "out_of_order" ? "out of order" : state);
    switch (e.state) {
      case State::applied:
        label = c.green(label);
        break;
      case State::pending:
        label = c.bold(label);
        break;
      default:
        label = c.red(label);
        break;
    }
    std::string file = e.file ? e.file->filename : "(file missing: " + e.name + ")";
    std::string extra;
    if (e.applied && e.state != State::missing)
      extra = "  " + c.dim(e.applied->applied_at + " by " + e.applied->applied_by);
    if (e.state == State::missing) extra = "  " + c.dim("applied " + e.applied->applied_at);
    if (e.state == State::changed)
      extra += "  checksum " + e.applied->checksum.substr(0, 12) + "… -> " + e.file->checksum.substr(0, 12) + "…";
    out += fmt::format("  {}  {:>{}}  {}{}\n", label, e.version, width, file, extra);
  }
  if (plan.entries.empty()) out += "  (no migration files and nothing applied)\n";
  out += fmt::format("{} applied, {} pending, {} changed, {} missing, {} out of order\n",
                     plan.count(State::applied) + plan.count(State::changed) + plan.count(State::missing),
                     plan.count(State::pending), plan.count(State::changed), plan.count(State::missing),
                     plan.count(State::out_of_order));
  return out;
}

std::string render_status_json(const migrations::Plan& plan, const StatusContext& ctx) {
  boost::json::array items;
  for (const auto& e : plan.entries) {
    boost::json::object o;
    o["version"] = e.version;
    o["name"] = e.name;
    o["state"] = to_string(e.state);
    o["file"] = e.file ? boost::json::value(e.file->filename) : boost::json::value(nullptr);
    o["checksum"] = e.file ? boost::json::value(e.file->checksum) : boost::json::value(nullptr);
    if (e.applied) {
      o["applied_checksum"] = e.applied->checksum;
      o["applied_at"] = e.applied->applied_at;
      o["applied_by"] = e.applied->applied_by;
      o["duration_ms"] =
          e.applied->duration_ms ? boost::json::value(*e.applied->duration_ms) : boost::json::value(nullptr);
    } else {
      o["applied_checksum"] = nullptr;
      o["applied_at"] = nullptr;
      o["applied_by"] = nullptr;
      o["duration_ms"] = nullptr;
    }
    o["no_transaction"] = e.file ? e.file->no_transaction : false;
    items.push_back(std::move(o));
  }
  boost::json::object summary;
  summary["applied"] = plan.count(State::applied) + plan.count(State::changed) + plan.count(State::missing);
  summary["pending"] = plan.count(State::pending);
  summary["changed"] = plan.count(State::changed);
  summary["missing"] = plan.count(State::missing);
  summary["out_of_order"] = plan.count(State::out_of_order);
  boost::json::object root;
  root["schemaguard"] = SCHEMAGUARD_VERSION;
  root["database"] = ctx.database;
  root["directory"] = ctx.dir;
  root["highest_applied"] =
      plan.highest_applied.empty() ? boost::json::value(nullptr) : boost::json::value(plan.highest_applied);
  root["migrations"] = std::move(items);
  root["summary"] = std::move(summary);
  return boost::json::serialize(root) + "\n";
}

}  // namespace sg::output
