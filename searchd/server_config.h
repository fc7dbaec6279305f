// Reads byline-searchd's options from the command line, an optional config
// file (TOML or INI, --config) and BYLINE_* environment variables. A flag
// beats its environment variable, which beats the config file.
#ifndef BYLINE_SEARCHD_SERVER_CONFIG_H_
#define BYLINE_SEARCHD_SERVER_CONFIG_H_

#include <optional>

#include "server_options.h"

namespace byline::searchd {

// Fills and validates `options`. Returns std::nullopt to go on serving, or
// the exit status main() should return now: 0 after --help or --version, 2
// after a usage error (already printed to stderr, naming the option).
std::optional<int> LoadServerOptions(int argc, char** argv, ServerOptions* options);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SERVER_CONFIG_H_
