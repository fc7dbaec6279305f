// The three programs speak alike (issue #15): --version and --help exit 0,
// every usage error names the flag at fault, exits 2 and does nothing, and a
// path with no index is a fatal error (1) that creates nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "byline/version.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

// How to get each kind of error out of one program. In the argument lists
// INDEX stands for a path with no index, and INPUT for an articles file.
struct ProgramCase {
  std::string name;
  std::vector<std::string> run;  // what to do, given --index
  std::vector<std::string> bad_value;
  std::string bad_value_message;
  std::vector<std::string> conflicting;
  std::string conflicting_message;
  std::vector<std::string> on_missing_index;  // fails because INDEX holds no index
};

void PrintTo(const ProgramCase& c, std::ostream* os) { *os << c.name; }

class CliConventionsTest : public ::testing::TestWithParam<ProgramCase> {
 protected:
  // Runs the program (under timeout, so a program that wrongly starts
  // serving fails the test instead of hanging it); fills stdout and stderr.
  int Run(std::vector<std::string> args) {
    for (auto& arg : args) {
      if (arg == "INDEX") arg = index_;
      if (arg == "INPUT") arg = testing::DataDir() + "/articles.jsonl";
    }
    args.insert(args.begin(), {"/usr/bin/timeout", "20", testing::ProgramPath(GetParam().name)});
    return testing::RunProgram(args, &out_, "", &err_);
  }

  // The usage error's two lines, "PROGRAM: MESSAGE..." and the --help hint.
  void ExpectUsageError(const std::string& message) {
    EXPECT_EQ(err_.rfind(GetParam().name + ": " + message, 0), 0u) << err_;
    EXPECT_NE(err_.find("\nRun with --help for more information.\n"), std::string::npos) << err_;
    EXPECT_EQ(out_, "");
    EXPECT_FALSE(fs::exists(index_)) << "a usage error created " << index_;
  }

  testing::TempDir dir_;
  const std::string index_ = dir_.File("index");
  std::string out_, err_;
};

TEST_P(CliConventionsTest, VersionNamesTheProgramAndTheBuild) {
  ASSERT_EQ(Run({"--version"}), 0) << err_;
  EXPECT_EQ(out_, GetParam().name + " " + VersionString() + "\n");
  // The project version, and `git describe` when built from a checkout.
  std::smatch m;
  ASSERT_TRUE(std::regex_match(out_, m, std::regex(R"(\S+ (\d+\.\d+\.\d+)( \(git [^)]+\))?\n)")))
      << out_;
  EXPECT_EQ(m[1].str(), BYLINE_PROJECT_VERSION);
  EXPECT_EQ(m[2].matched, fs::exists(std::string(BYLINE_SOURCE_DIR) + "/.git")) << out_;
}

TEST_P(CliConventionsTest, HelpExitsZeroAndListsTheExitStatuses) {
  ASSERT_EQ(Run({"--help"}), 0) << err_;
  EXPECT_NE(out_.find("--version"), std::string::npos);
  EXPECT_NE(out_.find("Exit status:\n  0  "), std::string::npos) << out_;
  EXPECT_NE(out_.find("\n  1  "), std::string::npos) << out_;
  EXPECT_NE(out_.find("\n  2  usage error"), std::string::npos) << out_;
}

TEST_P(CliConventionsTest, UnknownFlagIsNamedEvenWhenIndexIsMissingToo) {
  // CLI11 alone would say "--index is required" and exit 106.
  EXPECT_EQ(Run({"--idx", "foo"}), 2);
  ExpectUsageError("unknown option --idx");
  EXPECT_EQ(err_.find("--index is required"), std::string::npos) << err_;
}

TEST_P(CliConventionsTest, UnknownFlagIsAUsageErrorThatDoesNothing) {
  std::vector<std::string> args = {"--index", "INDEX", "--no-such-flag"};
  args.insert(args.end(), GetParam().run.begin(), GetParam().run.end());
  EXPECT_EQ(Run(args), 2);
  ExpectUsageError("unknown option --no-such-flag");
}

TEST_P(CliConventionsTest, BadValueNamesTheFlag) {
  std::vector<std::string> args = {"--index", "INDEX"};
  args.insert(args.end(), GetParam().bad_value.begin(), GetParam().bad_value.end());
  EXPECT_EQ(Run(args), 2);
  ExpectUsageError(GetParam().bad_value_message);
}

TEST_P(CliConventionsTest, FlagsThatDoNotGoTogetherAreAUsageError) {
  std::vector<std::string> args = {"--index", "INDEX"};
  args.insert(args.end(), GetParam().conflicting.begin(), GetParam().conflicting.end());
  EXPECT_EQ(Run(args), 2);
  ExpectUsageError(GetParam().conflicting_message);
}

TEST_P(CliConventionsTest, MissingIndexFlagIsAUsageError) {
  EXPECT_EQ(Run(GetParam().run), 2);
  ExpectUsageError("--index is required");
}

TEST_P(CliConventionsTest, PathWithNoIndexIsFatalAndCreatesNothing) {
  std::vector<std::string> args = {"--index", "INDEX"};
  args.insert(args.end(), GetParam().on_missing_index.begin(), GetParam().on_missing_index.end());
  EXPECT_EQ(Run(args), 1) << err_;
  EXPECT_NE(err_.find(GetParam().name + ": no Byline index at " + index_), std::string::npos)
      << err_;
  EXPECT_EQ(err_.find("Run with --help"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(index_));
}

INSTANTIATE_TEST_SUITE_P(
    Programs, CliConventionsTest,
    ::testing::Values(ProgramCase{"byline-indexer",
                                  {"INPUT"},
                                  {"--commit-every", "abc", "INPUT"},
                                  "--commit-every: Value abc",
                                  {"--reindex", "--delete", "a-1", "INPUT"},
                                  "--reindex builds from the inputs alone",
                                  {"stats"}},
                      ProgramCase{"byline-search",
                                  {"harbour"},
                                  {"--limit", "0", "harbour"},
                                  "--limit: Value 0 not in range",
                                  {"--recency", "30", "--sort", "date", "harbour"},
                                  "--recency blends with relevance",
                                  {"harbour"}},
                      ProgramCase{"byline-searchd",
                                  {"--listen", "127.0.0.1:0"},
                                  {"--threads", "lots", "--listen", "127.0.0.1:0"},
                                  "Could not convert: --threads = lots",
                                  {"--tls-cert", "cert.pem", "--listen", "127.0.0.1:0"},
                                  "--tls-cert and --tls-key go together",
                                  {"--listen", "127.0.0.1:0"}}),
    [](const ::testing::TestParamInfo<ProgramCase>& program) {
      return std::regex_replace(program.param.name, std::regex("-"), "_");
    });

}  // namespace
}  // namespace byline
