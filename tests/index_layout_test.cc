#include "byline/index_layout.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "testutil.h"

namespace byline {
namespace {

TEST(IndexLayoutTest, MissingStubIsNotFound) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  EXPECT_FALSE(layout.Exists());
  EXPECT_EQ(layout.CurrentGeneration().status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*layout.NextGeneration(), "gen-000001");
}

TEST(IndexLayoutTest, SwitchWritesARelativeXapianStub) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  std::filesystem::create_directory(layout.GenerationPath("gen-000007"));
  ASSERT_OK(layout.SwitchTo("gen-000007"));
  EXPECT_EQ(*layout.CurrentGeneration(), "gen-000007");
  EXPECT_NE(testing::ReadFile(layout.StubPath()).find("\nauto gen-000007\n"), std::string::npos);
  EXPECT_EQ(*layout.NextGeneration(), "gen-000008");
}

TEST(IndexLayoutTest, GarbageStubIsCorruption) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  testing::WriteFile(layout.StubPath(), "remote :example.org:1234\n");
  EXPECT_EQ(layout.CurrentGeneration().status().code(), StatusCode::kCorruption);
}

TEST(IndexLayoutTest, StubNamingAMissingGenerationIsCorruptionNamingIt) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  std::filesystem::create_directory(layout.GenerationPath("gen-000002"));
  ASSERT_OK(layout.SwitchTo("gen-000002"));
  std::filesystem::remove(layout.GenerationPath("gen-000002"));
  auto current = layout.CurrentGeneration();
  ASSERT_EQ(current.status().code(), StatusCode::kCorruption);
  EXPECT_NE(current.status().message().find("gen-000002"), std::string::npos);
  EXPECT_NE(current.status().message().find("missing"), std::string::npos);
  EXPECT_EQ(*layout.NextGeneration(), "gen-000001") << "a rebuild can still start";
}

TEST(IndexLayoutTest, RemovesOnlyOlderGenerations) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  for (const char* g : {"gen-000001", "gen-000002", "gen-000003", "gen-000004"}) {
    std::filesystem::create_directory(layout.GenerationPath(g));
  }
  ASSERT_OK(layout.SwitchTo("gen-000003"));
  ASSERT_OK(layout.RemoveStaleGenerations("gen-000002"));
  // 1 is stale; 2 is kept on request; 3 is live; 4 may be a rebuild in progress.
  EXPECT_EQ(layout.ListGenerations(),
            (std::vector<std::string>{"gen-000002", "gen-000003", "gen-000004"}));
}

}  // namespace
}  // namespace byline
