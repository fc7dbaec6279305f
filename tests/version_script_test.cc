// cmake/byline_version.cmake, run as the build runs it: the project version
// alone outside a git checkout, `git describe` (with -dirty) inside one, a
// new describe after a commit, and no rewrite when nothing changed.
#include <gtest/gtest.h>

#include <filesystem>

#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

class VersionScriptTest : public ::testing::Test {
 protected:
  // The string the generated source returns for a build of `source_dir`.
  std::string VersionOf(const std::string& source_dir) {
    std::string out;
    int rc = testing::RunProgram({BYLINE_CMAKE_COMMAND, "-DVERSION=1.2.3",
                                  "-DSOURCE_DIR=" + source_dir, "-DOUT=" + generated_, "-P",
                                  std::string(BYLINE_SOURCE_DIR) + "/cmake/byline_version.cmake"},
                                 &out);
    EXPECT_EQ(rc, 0) << out;
    std::string text = testing::ReadFile(generated_);
    auto start = text.find("return \"");
    if (start == std::string::npos) return "(no return in " + text + ")";
    start += 8;
    return text.substr(start, text.find("\";", start) - start);
  }

  // Runs git in `repo`; its output.
  std::string Git(const std::string& repo, std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/git", "-C", repo, "-c", "user.name=Test", "-c",
                               "user.email=test@example.com"});
    std::string out;
    EXPECT_EQ(testing::RunProgram(args, &out), 0) << out;
    return out;
  }

  testing::TempDir dir_;
  const std::string generated_ = dir_.File("out/byline_version.cc");
};

TEST_F(VersionScriptTest, OutsideACheckoutItIsTheProjectVersion) {
  fs::create_directories(dir_.File("tarball"));
  EXPECT_EQ(VersionOf(dir_.File("tarball")), "1.2.3");
}

TEST_F(VersionScriptTest, InACheckoutGitDescribeFollowsEditsAndCommits) {
  if (!fs::exists("/usr/bin/git")) GTEST_SKIP() << "git is not installed";
  const std::string repo = dir_.File("repo");
  fs::create_directories(repo + "/sub");
  testing::WriteFile(repo + "/a.txt", "one\n");
  Git(repo, {"init", "-q"});
  Git(repo, {"add", "a.txt"});
  Git(repo, {"commit", "-q", "-m", "first"});
  std::string first = Git(repo, {"rev-parse", "--short", "HEAD"});
  first.pop_back();
  EXPECT_EQ(VersionOf(repo), "1.2.3 (git " + first + ")");

  testing::WriteFile(repo + "/a.txt", "two\n");
  EXPECT_EQ(VersionOf(repo), "1.2.3 (git " + first + "-dirty)");
  Git(repo, {"commit", "-q", "-a", "-m", "second"});
  std::string second = Git(repo, {"rev-parse", "--short", "HEAD"});
  second.pop_back();
  EXPECT_NE(second, first);
  EXPECT_EQ(VersionOf(repo), "1.2.3 (git " + second + ")");

  // A source tree inside someone else's repository is not its checkout.
  EXPECT_EQ(VersionOf(repo + "/sub"), "1.2.3");
}

TEST_F(VersionScriptTest, AnUnchangedVersionLeavesTheFileAlone) {
  fs::create_directories(dir_.File("tarball"));
  VersionOf(dir_.File("tarball"));
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(generated_, old_time);
  VersionOf(dir_.File("tarball"));
  EXPECT_EQ(fs::last_write_time(generated_), old_time) << "rewritten: its users would rebuild";
}

}  // namespace
}  // namespace byline
