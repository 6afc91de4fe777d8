#include "config.hpp"

namespace schemaguard {

Config load_config() { return Config{}; }

}  // namespace schemaguard
