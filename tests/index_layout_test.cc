#include "byline/index_layout.h"

#include <gtest/gtest.h>

#include <filesystem>

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
  // A rebuild can still start, past the generation the stub names (which
  // searchers may have open): generations only move forward.
  EXPECT_EQ(*layout.NextGeneration(), "gen-000003");
  EXPECT_EQ(layout.SwitchTo("gen-000001").code(), StatusCode::kInternal);
}

TEST(IndexLayoutTest, ReadsShardedAndRemoteStubs) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  testing::WriteFile(layout.StubPath(),
                     "# shards\nauto shard-00\n\nglass shard-01/gen-000003\n"
                     "remote 10.0.0.7:33333\nremote [::1]:4000\nremote :old.example:99\n");
  auto entries = layout.ReadStub();
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ((*entries)[0].kind, StubEntry::Kind::kLocal);
  EXPECT_EQ((*entries)[0].path, "shard-00");
  EXPECT_EQ((*entries)[1].path, "shard-01/gen-000003");
  EXPECT_EQ((*entries)[1].line, 4);
  EXPECT_EQ((*entries)[2].kind, StubEntry::Kind::kRemote);
  EXPECT_EQ((*entries)[2].host, "10.0.0.7");
  EXPECT_EQ((*entries)[2].port, 33333);
  EXPECT_EQ((*entries)[2].Name(), "10.0.0.7:33333");
  EXPECT_EQ((*entries)[3].host, "::1");
  EXPECT_EQ((*entries)[4].host, "old.example");
  EXPECT_FALSE(IndexLayout::IsSingleGeneration(*entries));
  // Writers refuse it: they work on one generation, per shard.
  EXPECT_EQ(layout.CurrentGeneration().status().code(), StatusCode::kCorruption);
}

TEST(IndexLayoutTest, SingleGenerationStubIsRecognised) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  std::filesystem::create_directory(layout.GenerationPath("gen-000002"));
  ASSERT_OK(layout.SwitchTo("gen-000002"));
  auto entries = layout.ReadStub();
  ASSERT_OK(entries);
  EXPECT_TRUE(IndexLayout::IsSingleGeneration(*entries));
}

TEST(IndexLayoutTest, BadStubLinesNameFileAndLine) {
  testing::TempDir dir;
  IndexLayout layout(dir.path());
  for (const std::string bad :
       {"remote example.org", "remote example.org:0", "remote example.org:70000", "remote :1234x",
        "chert old-db", "auto", "auto a b"}) {
    testing::WriteFile(layout.StubPath(), "auto shard-00\n" + bad + "\n");
    auto entries = layout.ReadStub();
    ASSERT_FALSE(entries.ok()) << bad;
    EXPECT_EQ(entries.status().code(), StatusCode::kCorruption) << bad;
    EXPECT_NE(entries.status().message().find("XAPIANDB:2"), std::string::npos)
        << entries.status().message();
  }
  testing::WriteFile(layout.StubPath(), "# nothing\n");
  EXPECT_EQ(layout.ReadStub().status().code(), StatusCode::kCorruption);
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
