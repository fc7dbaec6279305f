#include "command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "byline/version.h"

namespace byline::cli {
namespace {

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// CLI11 says "The following arguments were not expected: foo --idx" (in
// reverse); this names what the program did not know, in the order typed.
std::string DescribeExtras(const CLI::App& app, const std::string& fallback) {
  std::vector<std::string> options, arguments;
  for (const std::string& arg : app.remaining(true)) {
    (arg.size() > 1 && arg[0] == '-' ? options : arguments).push_back(arg);
  }
  std::string message;
  if (!options.empty()) {
    message = (options.size() == 1 ? "unknown option " : "unknown options ") + Join(options);
  }
  if (!arguments.empty()) {
    if (!message.empty()) message += "; ";
    message += (arguments.size() == 1 ? "unexpected argument " : "unexpected arguments ") +
               Join(arguments);
  }
  return message.empty() ? fallback : message;
}

}  // namespace

void SetUpCommandLine(CLI::App* app, const std::string& program, const ExitStatusHelp& exits) {
  app->name(program);
  SetProgramName(program);
  app->set_version_flag("--version", program + " " + VersionString(), "Print the version and exit");
  std::string footer = "Exit status:\n  0  " + exits.ok + "\n  1  " + exits.fatal +
                       "\n  2  usage error: a bad flag, value or combination (nothing was done)";
  if (!exits.partial.empty()) footer += "\n  3  " + exits.partial;
  app->footer(footer);
}

std::optional<int> ParseCommandLine(CLI::App* app, int argc, char** argv) {
  try {
    app->parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help or --version
    app->exit(e);
    return kExitOk;
  } catch (const CLI::ExtrasError& e) {
    return UsageError(*app, DescribeExtras(*app, e.what()));
  } catch (const CLI::ParseError& e) {
    return UsageError(*app, e.what());
  }
  return std::nullopt;
}

int RunMain(const std::string& program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << program << ": internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << program << ": internal error: an unknown exception\n";
  }
  return kExitFatal;
}

int UsageError(const CLI::App& app, const std::string& message) {
  std::cerr << app.get_name() << ": " << message << "\nRun with --help for more information.\n";
  return kExitUsage;
}

}  // namespace byline::cli
