// byline-indexer: loads articles into a Byline index.
//
//   byline-indexer --index DIR INPUT...            upsert articles by id (- is stdin)
//   byline-indexer --index DIR --reindex INPUT...  build a new generation, then switch
//   byline-indexer --index DIR --sync INPUT...     upsert, then delete what is missing
//   byline-indexer --index DIR --delete ID... | --delete-query Q [--dry-run]
//   byline-indexer --index DIR stats | compact
//
// Exit status: 0 all done; 1 fatal error; 2 usage error (nothing done);
// 3 done, but some records were skipped (each reported on stderr as
// FILE:LINE: reason).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "admin_commands.h"
#include "command_line.h"
#include "flags.h"
#include "index_command.h"

namespace {

int Main(int argc, char** argv) {
  using namespace byline::indexer;
  namespace cli = byline::cli;
  static_assert(kExitFatal == cli::kExitFatal && kExitSkipped == cli::kExitPartial);

  Flags flags;
  CLI::App app{"byline-indexer: load articles into a Byline index"};
  cli::ExitStatusHelp exits;
  exits.fatal += " (or stopped by --max-errors)";
  exits.partial =
      "done, but some records could not be read and were skipped (each named on stderr)";
  cli::SetUpCommandLine(&app, "byline-indexer", exits);
  AddIndexFlags(&app, &flags);

  bool stats_json = false;
  CLI::App* stats = app.add_subcommand("stats", "Print articles, terms, size and last update");
  stats->add_flag("--json", stats_json, "One JSON object instead of text");
  stats->fallthrough();
  CLI::App* compact =
      app.add_subcommand("compact", "Compact the index with Xapian's compactor (atomic switch)");
  compact->fallthrough();
  app.require_subcommand(0, 1);
  std::vector<std::string> args = WithBareWaitSpeltOut(argc, argv);
  std::vector<char*> arg_ptrs;
  arg_ptrs.reserve(args.size());
  for (auto& arg : args) arg_ptrs.push_back(arg.data());
  if (auto exit_code =
          cli::ParseCommandLine(&app, static_cast<int>(arg_ptrs.size()), arg_ptrs.data())) {
    return *exit_code;
  }
  if (flags.index.empty()) return cli::UsageError(app, "--index is required");

  for (CLI::App* subcommand : {stats, compact}) {
    if (!subcommand->parsed()) continue;
    if (byline::Status s = CheckSubcommandFlags(flags, subcommand->get_name()); !s.ok()) {
      return cli::UsageError(app, s.message());
    }
  }
  if (stats->parsed()) return RunStats(flags.index, stats_json);
  if (compact->parsed()) return RunCompact(flags);
  auto plan = MakePlan(flags);
  if (!plan.ok()) return cli::UsageError(app, plan.status().message());
  if (byline::Status s = ReadWordLists(flags, &*plan); !s.ok()) {
    std::fprintf(stderr, "byline-indexer: %s\n", s.message().c_str());
    return kExitFatal;
  }
  return RunIndex(flags, *plan);
}

}  // namespace

int main(int argc, char** argv) {
  return byline::cli::RunMain("byline-indexer", [&] { return Main(argc, argv); });
}
