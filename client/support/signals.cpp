#include "support/signals.hpp"

#include <atomic>
#include <csignal>
#include <thread>

#include <pthread.h>
#include <unistd.h>

namespace sg {

namespace {
std::atomic<int> g_signal{0};
}

void start_signal_watcher(std::function<void(int)> on_signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // inherited by the watcher; other threads never see them
  std::thread([set, on_signal = std::move(on_signal)]() {
    int sig = 0;
    sigwait(&set, &sig);
    g_signal = sig;
    on_signal(sig);
    _exit(128 + sig);
  }).detach();
}

int signal_in_progress() { return g_signal.load(); }

}  // namespace sg
