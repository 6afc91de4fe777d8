// Reads the configuration tables of schema schemaguard into a Config value.
#pragma once

#include "engine.hpp"

namespace schemaguard {

Config load_config();

}  // namespace schemaguard
