// Reads the configuration tables of schema schemaguard into a Config value.
#pragma once

#include <vector>

#include "engine.hpp"

namespace schemaguard {

// All of it, or with only_tables, the classes, waivers and baseline entries of those
// tables (severities and class patterns always): what a commit needs, at a cost that
// does not grow with the number of tables configured.
Config load_config(const std::vector<ObjectId>* only_tables = nullptr);

// Registers the relcache callback that keeps the cached rule parameters current (config.cpp);
// once per process, from _PG_init.
void register_config_invalidation();

}  // namespace schemaguard
