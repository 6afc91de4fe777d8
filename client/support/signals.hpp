// Ctrl-C and friends for commands that must say what an interruption left behind.
#pragma once

#include <functional>

namespace sg {

// Blocks SIGINT, SIGTERM and SIGHUP in every thread and starts a thread that waits for
// the first of them, calls on_signal(signal) and exits with 128 + signal. Call it before
// starting any other thread.
void start_signal_watcher(std::function<void(int)> on_signal);

// The signal being handled by the watcher, 0 while none is.
int signal_in_progress();

}  // namespace sg
