// The programs' shared parse: CLI11's errors become "PROGRAM: message" and
// exit status 2, --help and --version 0, and unknown flags are named as typed.
#include "command_line.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "byline/version.h"

namespace byline::cli {
namespace {

class CommandLineTest : public ::testing::Test {
 protected:
  CommandLineTest() {
    SetUpCommandLine(&app_, "byline-test", ExitStatusHelp{});
    app_.add_option("--index", index_, "Index directory");
    app_.add_option("--limit", limit_, "Results")->check(CLI::Range(1, 100));
  }

  // Parses `args`; fills what was printed.
  std::optional<int> Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "/some/path/byline-test");
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    auto status = ParseCommandLine(&app_, static_cast<int>(argv.size()), argv.data());
    out_ = ::testing::internal::GetCapturedStdout();
    err_ = ::testing::internal::GetCapturedStderr();
    return status;
  }

  CLI::App app_{"A test program"};
  std::string index_;
  int limit_ = 10;
  std::string out_, err_;
};

TEST_F(CommandLineTest, GoesOnWhenTheFlagsParse) {
  EXPECT_EQ(Parse({"--index", "i", "--limit", "5"}), std::nullopt);
  EXPECT_EQ(index_, "i");
  EXPECT_EQ(limit_, 5);
  EXPECT_EQ(out_ + err_, "");
}

TEST_F(CommandLineTest, UnknownOptionsAndArgumentsAreNamedInTheOrderTyped) {
  EXPECT_EQ(Parse({"--idx", "foo", "--index", "i", "-z", "bar"}), kExitUsage);
  EXPECT_EQ(err_,
            "byline-test: unknown options --idx -z; unexpected arguments foo bar\n"
            "Run with --help for more information.\n");
  EXPECT_EQ(out_, "");
}

TEST_F(CommandLineTest, BadAndMissingValuesAreUsageErrorsNamingTheFlag) {
  EXPECT_EQ(Parse({"--limit", "500"}), kExitUsage);
  EXPECT_EQ(err_.rfind("byline-test: --limit: ", 0), 0u) << err_;
  EXPECT_EQ(Parse({"--index"}), kExitUsage);
  EXPECT_EQ(err_.rfind("byline-test: --index: ", 0), 0u) << err_;
}

TEST_F(CommandLineTest, HelpAndVersionExitZeroOnStdout) {
  EXPECT_EQ(Parse({"--version"}), kExitOk);
  EXPECT_EQ(out_, "byline-test " + VersionString() + "\n");
  EXPECT_EQ(Parse({"--help"}), kExitOk);
  EXPECT_EQ(out_.rfind("A test program\nUsage: byline-test ", 0), 0u) << out_;
  EXPECT_NE(out_.find("Exit status:\n  0  done\n  1  fatal error"), std::string::npos) << out_;
  EXPECT_EQ(out_.find("\n  3  "), std::string::npos) << "no partial status was given";
  EXPECT_EQ(err_, "");
}

TEST_F(CommandLineTest, UsageErrorNamesTheProgramAndPointsToHelp) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(UsageError(app_, "--index is required"), kExitUsage);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "byline-test: --index is required\nRun with --help for more information.\n");
}

}  // namespace
}  // namespace byline::cli
