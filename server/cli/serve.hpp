// The serve command: load the data, answer HTTP until SIGINT or SIGTERM, reload the data on
// SIGHUP (and, with --watch, when a data file changes).
#pragma once

#include "server/cli/options.hpp"

namespace seeother::server {

/// Serves until stopped; returns the exit code. Throws what loading or binding throws.
int serve(const Options& options);

} // namespace seeother::server
