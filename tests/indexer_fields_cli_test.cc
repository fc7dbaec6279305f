// Integration tests of byline-indexer's --field and --max-fields: declaration
// errors, wrong-typed records, what declaring says about stored articles,
// the config file, and declarations kept across --reindex.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/schema.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::RunIndexer;

std::string Record(const std::string& id, const json& extra) {
  json line = {{"id", id}, {"title", "Title " + id}, {"body", "Body of " + id}};
  for (auto it = extra.begin(); it != extra.end(); ++it) line[it.key()] = it.value();
  return line.dump() + "\n";
}

std::string Declared(const std::string& index) {
  return Xapian::Database(index).get_metadata(schema::kFieldsMetadataKey);
}

TEST(IndexerFieldsCliTest, BadDeclarationsAreUsageErrorsNamingTheFlag) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("in.jsonl"), Record("a", {}));
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--field", "category"}, "NAME:TYPE"},
      {{"--field", "category:colour"}, "unknown type \"colour\""},
      {{"--field", "Category:keyword"}, "field name \"Category\""},
      {{"--field", "title:text"}, "article field of its own"},
      {{"--field", "sort:number"}, "reserved"},
      {{"--field", "a:keyword", "--field", "a:text"}, "declared twice"},
      {{"--field", "a:keyword", "--field", "b:keyword", "--max-fields", "1"}, "--max-fields 1"},
  };
  for (const auto& [flags, want] : cases) {
    std::vector<std::string> args = {"--index", dir.File("index"), dir.File("in.jsonl")};
    args.insert(args.end(), flags.begin(), flags.end());
    std::string err;
    EXPECT_EQ(RunIndexer(args, &err), 2) << flags[1] << ": " << err;
    EXPECT_NE(err.find("--field"), std::string::npos) << err;
    EXPECT_NE(err.find(want), std::string::npos) << err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.File("index")));  // nothing was made
}

TEST(IndexerFieldsCliTest, WrongTypedValuesAreRecordErrorsWithFieldAndLine) {
  testing::TempDir dir;
  const std::string input = dir.File("in.jsonl");
  testing::WriteFile(input, Record("a", {{"minutes", 5}, {"category", "world"}}) +
                                Record("b", {{"minutes", "five"}}) +
                                Record("c", {{"category", {"x", 3}}}) +
                                Record("d", {{"updated", "last week"}}) +
                                Record("e", {{"summary", 12}}) + Record("f", {{"undeclared", 1}}));
  std::string err;
  EXPECT_EQ(
      RunIndexer({"--index", dir.File("index"), "--field", "minutes:number", "--field",
                  "category:keyword", "--field", "updated:date", "--field", "summary:text", input},
                 &err),
      3)
      << err;
  EXPECT_NE(err.find(input + ":2: field \"minutes\""), std::string::npos) << err;
  EXPECT_NE(err.find(input + ":3: field \"category\""), std::string::npos) << err;
  EXPECT_NE(err.find(input + ":4: field \"updated\""), std::string::npos) << err;
  EXPECT_NE(err.find(input + ":5: field \"summary\""), std::string::npos) << err;
  EXPECT_NE(err.find("2 added"), std::string::npos) << err;
  EXPECT_NE(err.find("4 skipped"), std::string::npos) << err;
  EXPECT_EQ(Declared(dir.File("index")),
            "minutes:number\ncategory:keyword\nupdated:date\nsummary:text\n");
}

TEST(IndexerFieldsCliTest, DeclaringOnAnExistingIndexSaysWhatStoredArticlesNeed) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  const std::string input = dir.File("in.jsonl");
  std::string lines;
  for (int i = 0; i < 7; ++i) {
    lines += Record("a" + std::to_string(i), i % 3 == 0 ? json{{"section", "news"}} : json{});
  }
  testing::WriteFile(input, lines);
  std::string err;
  ASSERT_EQ(RunIndexer({"--index", index, input}, &err), 0) << err;
  EXPECT_EQ(Declared(index), "");  // stored only

  // Alone, on the index: declared, and 3 stored articles carry it.
  ASSERT_EQ(
      RunIndexer({"--index", index, "--field", "section:keyword", "--field", "rank:number"}, &err),
      0)
      << err;
  EXPECT_NE(err.find("field \"section\" (keyword) declared; 3 articles already stored carry it"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("--reindex"), std::string::npos) << err;
  EXPECT_NE(err.find("field \"rank\" (number) declared; no stored article carries it, so no "
                     "--reindex is needed"),
            std::string::npos)
      << err;
  EXPECT_EQ(Declared(index), "section:keyword\nrank:number\n");
  EXPECT_EQ(Xapian::Database(index).get_termfreq(schema::FieldKeywordTerm("section", "news")), 0u);

  // Giving the same inputs again writes those articles again, indexed by it.
  ASSERT_EQ(RunIndexer({"--index", index, input}, &err), 0) << err;
  EXPECT_NE(err.find("3 updated, 4 unchanged"), std::string::npos) << err;
  EXPECT_EQ(Xapian::Database(index).get_termfreq(schema::FieldKeywordTerm("section", "news")), 3u);

  // Another type needs --reindex, which keeps the place and retypes it.
  EXPECT_EQ(RunIndexer({"--index", index, "--field", "section:text"}, &err), 1) << err;
  EXPECT_NE(err.find("--reindex"), std::string::npos) << err;
  EXPECT_EQ(Declared(index), "section:keyword\nrank:number\n");
  ASSERT_EQ(RunIndexer({"--index", index, "--reindex", "--field", "section:text", input}, &err), 0)
      << err;
  EXPECT_EQ(Declared(index), "section:text\nrank:number\n");
  // And a plain --reindex keeps the declarations.
  ASSERT_EQ(RunIndexer({"--index", index, "--reindex", input}, &err), 0) << err;
  EXPECT_EQ(Declared(index), "section:text\nrank:number\n");
}

TEST(IndexerFieldsCliTest, FieldsComeFromTheConfigFileAndDryRunWritesNothing) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  testing::WriteFile(dir.File("in.jsonl"), Record("a", {{"category", "world"}}));
  testing::WriteFile(dir.File("byline.toml"), "field = [\"category:keyword\"]\n");
  std::string err;
  ASSERT_EQ(
      RunIndexer({"--index", index, "--config", dir.File("byline.toml"), dir.File("in.jsonl")},
                 &err),
      0)
      << err;
  EXPECT_EQ(Declared(index), "category:keyword\n");
  EXPECT_EQ(Xapian::Database(index).get_termfreq(schema::FieldKeywordTerm("category", "world")),
            1u);

  const auto before = testing::SnapshotFiles(index);
  ASSERT_EQ(RunIndexer({"--index", index, "--dry-run", "--field", "n:number"}, &err), 0) << err;
  EXPECT_NE(err.find("field \"n\" (number) would be declared"), std::string::npos) << err;
  EXPECT_EQ(testing::SnapshotFiles(index), before);
}

TEST(IndexerFieldsCliTest, ADryRunAfterDeclaringCountsAsTheRealRun) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  const std::string input = dir.File("in.jsonl");
  testing::WriteFile(input, Record("a", {{"section", "news"}}) + Record("b", {}) +
                                Record("c", {{"section", nullptr}}));
  std::string err;
  ASSERT_EQ(RunIndexer({"--index", index, input}, &err), 0) << err;
  ASSERT_EQ(RunIndexer({"--index", index, "--field", "section:keyword"}, &err), 0) << err;
  EXPECT_NE(err.find("declared; 1 article already stored carries it and is not filterable"),
            std::string::npos)
      << err;

  // "a" was stored before section was declared: both runs write it again.
  ASSERT_EQ(RunIndexer({"--index", index, "--dry-run", input}, &err), 0) << err;
  EXPECT_NE(err.find("update 1, leave 2 unchanged"), std::string::npos) << err;
  ASSERT_EQ(RunIndexer({"--index", index, input}, &err), 0) << err;
  EXPECT_NE(err.find("1 updated, 2 unchanged"), std::string::npos) << err;
  // Now indexed by it, both agree nothing changes.
  ASSERT_EQ(RunIndexer({"--index", index, "--dry-run", input}, &err), 0) << err;
  EXPECT_NE(err.find("update 0, leave 3 unchanged"), std::string::npos) << err;
  ASSERT_EQ(RunIndexer({"--index", index, input}, &err), 0) << err;
  EXPECT_NE(err.find("0 updated, 3 unchanged"), std::string::npos) << err;
}

TEST(IndexerFieldsCliTest, BylineSearchFiltersFacetsSortsAndShowsFields) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  std::string lines;
  for (int i = 0; i < 12; ++i) {
    lines += Record("s" + std::to_string(i), {{"desk", i % 3 == 0 ? "city" : "sport"},
                                              {"minutes", i},
                                              {"photo", "p" + std::to_string(i) + ".jpg"}});
  }
  testing::WriteFile(dir.File("in.jsonl"), lines);
  std::string err;
  ASSERT_EQ(RunIndexer({"--index", index, "--field", "desk:keyword", "--field", "minutes:number",
                        dir.File("in.jsonl")},
                       &err),
            0)
      << err;
  std::string out;
  ASSERT_EQ(testing::RunProgram({testing::ProgramPath("byline-search"), "--index", index, "--json",
                                 "--filter", "desk=city", "--filter", "minutes=..6", "--facets",
                                 "desk", "--sort=-minutes", "--fields", "photo", "body"},
                                &out),
            0)
      << out;
  json body = json::parse(out);
  // desk=city: s0, s3, s6, s9; minutes at most 6: s0, s3, s6; newest... largest first.
  EXPECT_EQ(body["ids"], json({"s6", "s3", "s0"}));
  EXPECT_EQ(body["facets"]["desk"], json::parse(R"([{"value":"city","count":3}])"));
  EXPECT_EQ(body["hits"][0]["fields"], json({{"photo", "p6.jpg"}}));
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--filter", "colour=red"},
                                              {"--filter", "minutes=x"},
                                              {"--facets", "minutes"},
                                              {"--sort", "desk"},
                                              {"--filter", "nofield"}}) {
    std::vector<std::string> argv = {testing::ProgramPath("byline-search"), "--index", index,
                                     "body"};
    argv.insert(argv.end(), bad.begin(), bad.end());
    EXPECT_EQ(testing::RunProgram(argv, &out), 2) << bad[1] << ": " << out;
    EXPECT_NE(out.find(bad[0]), std::string::npos) << out;
  }
  // Worded as byline-searchd words it (byline/field_request.h), after the flag.
  EXPECT_EQ(testing::RunProgram({testing::ProgramPath("byline-search"), "--index", index,
                                 "--facets", "minutes", "body"},
                                &out),
            2);
  EXPECT_NE(out.find("--facets: \"minutes\" is neither source, tag, year nor a keyword field the "
                     "index declares (keyword fields: desk)"),
            std::string::npos)
      << out;
}

TEST(IndexerFieldsCliTest, BylineSearchPrintsAFieldsJsonAsItIs) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  testing::WriteFile(dir.File("in.jsonl"),
                     Record("s1", {{"note", "fish &amp; <mark>chips</mark> \x1b[31m"}}));
  std::string err;
  ASSERT_EQ(RunIndexer({"--index", index, dir.File("in.jsonl")}, &err), 0) << err;
  std::string out;
  ASSERT_EQ(testing::RunProgram({testing::ProgramPath("byline-search"), "--index", index,
                                 "--fields", "note", "body"},
                                &out),
            0)
      << out;
  // The JSON text, not read as a snippet's HTML; its escape shown escaped.
  EXPECT_NE(out.find(R"(note: "fish &amp; <mark>chips</mark> \u001b[31m")"), std::string::npos)
      << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
}

}  // namespace
}  // namespace byline
