// What the command lines of byline-indexer, byline-search and byline-searchd
// share: their exit statuses, --version, --help's footer, and one way to
// parse that turns every usage error into a message naming the flag and
// exit status 2 (never CLI11's own 105-109).
#ifndef BYLINE_CLI_COMMAND_LINE_H_
#define BYLINE_CLI_COMMAND_LINE_H_

#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace byline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFatal = 1;    // could not do the job: no index, I/O, ...
inline constexpr int kExitUsage = 2;    // a wrong flag, value or combination; nothing was done
inline constexpr int kExitPartial = 3;  // done, but not all of it (what, each program says)

// What each exit status means for one program, for its --help.
struct ExitStatusHelp {
  std::string ok = "done";
  std::string fatal = "fatal error: no index, a file that cannot be read, ...";
  std::string partial;  // "" when the program never exits 3
};

// Names the program (in messages and usage), adds --version and a --help
// footer listing the exit statuses. Call before adding the program's flags.
void SetUpCommandLine(CLI::App* app, const std::string& program, const ExitStatusHelp& exits);

// Parses argv. Returns std::nullopt to go on, or the status main() should
// exit with now: 0 after --help or --version (printed on stdout), 2 after a
// usage error (printed on stderr as UsageError does; unknown flags are named
// even when a required one is missing too, so programs check required flags
// themselves after this).
std::optional<int> ParseCommandLine(CLI::App* app, int argc, char** argv);

// Runs a program's main `body`; an exception escaping it (none should)
// becomes "PROGRAM: internal error: WHAT" and status 1 instead of
// std::terminate's abort.
int RunMain(const std::string& program, const std::function<int()>& body);

// Prints "PROGRAM: MESSAGE" and a pointer to --help on stderr; returns 2.
int UsageError(const CLI::App& app, const std::string& message);

}  // namespace byline::cli

#endif  // BYLINE_CLI_COMMAND_LINE_H_
