// Renderers of the fleet result (one value, fleet/fleet.hpp): text, JSON, Markdown (the compliance
// report with a database column and a fleet verdict), SARIF 2.1.0 (a run per database) and JUnit
// XML (a test suite per database). Shapes in docs/client.md.
#pragma once
#include <string>

#include "fleet/fleet.hpp"
#include "support/common.hpp"

namespace sg::output {

std::string render_fleet_text(const fleet::FleetResult& r, const Console& c);
std::string render_fleet_json(const fleet::FleetResult& r);
std::string render_fleet_markdown(const fleet::FleetResult& r);
std::string render_fleet_sarif(const fleet::FleetResult& r);
std::string render_fleet_junit(const fleet::FleetResult& r);
// By --format name (text, json, markdown, sarif, junit).
std::string render_fleet(const fleet::FleetResult& r, const std::string& format, const Console& c);

}  // namespace sg::output
