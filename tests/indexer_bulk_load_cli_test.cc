// byline-indexer's first load of an index (a new one, or one holding no
// article) is built in bulk, as --reindex builds: the same index, counts,
// messages and exit status as the update path gave, and a sharded one
// that later updates and deletes reach as before.
//
// The update path is still taken by a load given a --delete as well (the
// bulk load leaves deletions to it), so a --delete of an id no input holds
// gives the update path's result to compare with.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "byline/schema.h"
#include "byline/shard_routing.h"
#include "data_dictionary.h"
#include "stored_article.h"
#include "testutil.h"
#include "word_table.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kUpdatePath = {"--delete", "no-such-id"};

// What an index holds, made comparable: every document (its data, terms
// with their positions, and values, without its docid), the metadata but
// the last update's time, the drift record and the data dictionary, the spelling data and the
// synonyms.
struct Dump {
  std::multiset<std::string> documents;
  std::map<std::string, std::string> metadata;
  std::map<std::string, Xapian::doccount> spellings;
  std::map<std::string, std::vector<std::string>> synonyms;
};

Dump DumpOf(const Xapian::Database& db) {
  Dump dump;
  // A bulk build stores articles compressed with its data dictionary: the
  // article stored is compared, not its bytes.
  RememberDataDictionary(db);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    std::ostringstream text;
    Article stored;
    EXPECT_TRUE(DecodeStoredArticle(doc.get_data(), &stored));
    text << EncodeStoredArticle(stored) << "\n";
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      text << *term << ":" << term.get_wdf() << "@";
      for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
        text << *pos << ",";
      }
      text << " ";
    }
    for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
      text << value.get_valueno() << "=" << *value << " ";
    }
    dump.documents.insert(text.str());
  }
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
    // When it was written, and the drift record (a bulk load records a
    // compaction, an update path the writes since none) differ by design.
    const bool by_path =
        *key == schema::kLastUpdateMetadataKey || *key == schema::kCompactedArticlesMetadataKey ||
        *key == schema::kCompactedBytesMetadataKey || *key == schema::kCompactedAtMetadataKey ||
        *key == schema::kWrittenSinceCompactionMetadataKey || *key == kDataDictionaryMetadataKey;
    if (!by_path) dump.metadata[*key] = db.get_metadata(*key);
  }
  for (auto word = db.spellings_begin(); word != db.spellings_end(); ++word) {
    dump.spellings[*word] = word.get_termfreq();
  }
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    auto& list = dump.synonyms[*key];
    for (auto syn = db.synonyms_begin(*key); syn != db.synonyms_end(*key); ++syn) {
      list.push_back(*syn);
    }
  }
  return dump;
}

Xapian::doccount SpellingFrequency(const Xapian::Database& db, const std::string& word) {
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    if (*it == word) return it.get_termfreq();
  }
  return 0;
}

// Each database the index in `dir` is made of (its shards, or itself).
std::vector<Dump> DumpIndex(const std::string& dir) {
  std::vector<Dump> dumps;
  if (fs::exists(dir + "/shard-00")) {
    for (uint32_t i = 0; fs::exists(dir + "/" + ShardDirName(i)); ++i) {
      dumps.push_back(DumpOf(Xapian::Database(dir + "/" + ShardDirName(i))));
    }
  } else {
    dumps.push_back(DumpOf(Xapian::Database(dir)));
  }
  return dumps;
}

// The spelling data a bulk build keeps of what the update path wrote: a
// plain index's build only the words counted at least twice
// (kMinBulkSpellingCount, src/word_table.h), a sharded one's every word (a
// count is a sum over shards).
std::map<std::string, Xapian::doccount> BulkSpellings(
    const std::map<std::string, Xapian::doccount>& update_path, bool sharded) {
  if (sharded) return update_path;
  std::map<std::string, Xapian::doccount> kept;
  for (const auto& [word, count] : update_path) {
    if (count >= kMinBulkSpellingCount) kept.emplace(word, count);
  }
  return kept;
}

void ExpectSameIndex(const std::string& want_dir, const std::string& got_dir) {
  auto want = DumpIndex(want_dir);
  auto got = DumpIndex(got_dir);
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_FALSE(want[i].documents.empty()) << "part " << i;
    EXPECT_EQ(want[i].documents, got[i].documents) << "part " << i;
    EXPECT_EQ(want[i].metadata, got[i].metadata) << "part " << i;
    EXPECT_EQ(BulkSpellings(want[i].spellings, want.size() > 1), got[i].spellings) << "part " << i;
    EXPECT_EQ(want[i].synonyms, got[i].synonyms) << "part " << i;
  }
}

// What a run said, without its timings and the note about the --delete
// that keeps a load on the update path.
std::string Said(const std::string& err) {
  static const std::regex timing(" in [0-9.]+ s \\([0-9]+ articles/s, [0-9.]+ MB/s\\)");
  std::istringstream lines(err);
  std::string line, said;
  while (std::getline(lines, line)) {
    if (line.find("no-such-id") != std::string::npos) continue;
    said += std::regex_replace(line, timing, "") + "\n";
  }
  return said;
}

// The live generation's directory name of the (plain) index in `dir`.
std::string LiveGeneration(const std::string& dir) {
  std::string stub = testing::ReadFile(dir + "/XAPIANDB");
  auto at = stub.find("gen-");
  return at == std::string::npos ? "" : stub.substr(at, 10);
}

// `count` articles with words varied enough for spelling data, a keyword
// and a number field; article i has category "c<i % 3>".
std::string Corpus(int count, const std::string& prefix = "a") {
  static const char* kWords[] = {"harbour", "lighthouse", "ferry",   "gull",   "tide",
                                 "anchor",  "quay",       "trawler", "beacon", "storm"};
  std::string text;
  for (int i = 0; i < count; ++i) {
    std::string body;
    for (int w = 0; w < 12; ++w) body += std::string(kWords[(i * 7 + w * 3) % 10]) + " ";
    body += "word" + std::to_string(i % 17);
    text += "{\"id\":\"" + prefix + "-" + std::to_string(i) + "\",\"title\":\"" + kWords[i % 10] +
            " report " + std::to_string(i) + "\",\"body\":\"" + body + "\",\"category\":\"c" +
            std::to_string(i % 3) + "\",\"rank\":" + std::to_string(i) +
            ",\"published\":\"2024-03-" + std::to_string(1 + i % 28) + "\"}\n";
  }
  return text;
}

class IndexerBulkLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_.File("in.jsonl"), Corpus(300));
    fs::create_directories(dir_.File("site/guide"));
    testing::WriteFile(dir_.File("site/guide/start.md"), "# Start\n\nThe lighthouse guide.\n");
    testing::WriteFile(dir_.File("site/index.html"),
                       "<html><head><title>Home</title></head><body><p>harbour home</p>"
                       "</body></html>");
    testing::WriteFile(dir_.File("syn.txt"), "ferry, boat\n");
    testing::WriteFile(dir_.File("stop.txt"), "report\n");
  }

  // The plain command's arguments on `index`, with `extra` after them.
  std::vector<std::string> Load(const std::string& index, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--index",     index,
                                     "--field",     "category:keyword",
                                     "--field",     "rank:number",
                                     "--base-url",  "https://example.org/",
                                     "--synonyms",  dir_.File("syn.txt"),
                                     "--stopwords", dir_.File("stop.txt"),
                                     "--threads",   "3"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  testing::TempDir dir_;
};

TEST_F(IndexerBulkLoadTest, ANewIndexHoldsWhatTheUpdatePathWrote) {
  std::string bulk_err, update_err;
  std::vector<std::string> inputs = {dir_.File("in.jsonl"), dir_.File("site")};
  auto bulk = Load(dir_.File("bulk"), inputs);
  auto update = Load(dir_.File("update"), inputs);
  update.insert(update.end(), kUpdatePath.begin(), kUpdatePath.end());
  ASSERT_EQ(testing::RunIndexer(bulk, &bulk_err), 0) << bulk_err;
  ASSERT_EQ(testing::RunIndexer(update, &update_err), 0) << update_err;
  EXPECT_EQ(Said(update_err), Said(bulk_err));
  EXPECT_NE(bulk_err.find("302 added, 0 updated, 0 unchanged, 0 deleted, 0 skipped"),
            std::string::npos)
      << bulk_err;
  ExpectSameIndex(dir_.File("update"), dir_.File("bulk"));
  Xapian::Database db(dir_.File("bulk"));
  EXPECT_NE(db.get_metadata(schema::kFieldsMetadataKey), "");
  EXPECT_NE(db.get_metadata(schema::kFileUrlsMetadataKey).find("https://example.org/"),
            std::string::npos);
  EXPECT_GT(SpellingFrequency(db, "lighthouse"), 0u);
  // Searched the same: a facet filter, a spelling suggestion, a file's URL.
  for (const std::vector<std::string>& query :
       {std::vector<std::string>{"--json", "-n", "500", "category:c1 harbour"},
        std::vector<std::string>{"--json", "lighthuose"},
        std::vector<std::string>{"--json", "guide"}}) {
    std::string want, got;
    auto on = [&](const std::string& index) {
      std::vector<std::string> args = {"--index", index};
      args.insert(args.end(), query.begin(), query.end());
      return args;
    };
    ASSERT_EQ(testing::RunSearch(on(dir_.File("update")), &want), 0) << want;
    ASSERT_EQ(testing::RunSearch(on(dir_.File("bulk")), &got), 0) << got;
    static const std::regex took("\"took_ms\":[0-9.]+");
    EXPECT_EQ(std::regex_replace(want, took, ""), std::regex_replace(got, took, ""))
        << query.back();
  }
}

TEST_F(IndexerBulkLoadTest, MappedFieldsBodyFormatAndLanguageAreAsTheUpdatePathReadThem) {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "{\"id\":\"h-" + std::to_string(i) + "\",\"title\":\"Les phares " + std::to_string(i) +
            "\",\"content\":\"<p>Les <b>gardiens</b> des phares " + "allumaient les lanternes " +
            std::to_string(i % 5) + "</p>\"}\n";
  }
  testing::WriteFile(dir_.File("mapped.jsonl"), text);
  std::string err[2];
  int i = 0;
  for (const std::string name : {"bulk", "update"}) {
    std::vector<std::string> args = {"--index",      dir_.File(name), "--map",
                                     "body=content", "--body-format", "html",
                                     "--language",   "french",        dir_.File("mapped.jsonl")};
    if (name == "update") args.insert(args.end(), kUpdatePath.begin(), kUpdatePath.end());
    ASSERT_EQ(testing::RunIndexer(args, &err[i]), 0) << err[i];
    ++i;
  }
  EXPECT_EQ(Said(err[1]), Said(err[0]));
  ExpectSameIndex(dir_.File("update"), dir_.File("bulk"));
  Xapian::Database db(dir_.File("bulk"));
  EXPECT_EQ(db.get_metadata(schema::kLanguageMetadataKey), "french");
  std::string out;
  ASSERT_EQ(
      testing::RunSearch({"--index", dir_.File("bulk"), "--json", "-n", "100", "gardien"}, &out), 0)
      << out;
  EXPECT_NE(out.find("\"h-39\""), std::string::npos) << out;  // stemmed in French
  EXPECT_EQ(out.find("<b>"), std::string::npos) << out;       // read as HTML
}

TEST_F(IndexerBulkLoadTest, RepeatedIdsAndBadRecordsAreReportedAsByTheUpdatePath) {
  const std::string first = Corpus(5, "r");
  testing::WriteFile(dir_.File("bad.jsonl"),
                     first + "{not json}\n" + Corpus(2, "r") +
                         "{\"id\":\"x\",\"title\":\"T\",\"body\":\"B\",\"rank\":\"high\"}\n");
  testing::WriteFile(dir_.File("more.jsonl"), Corpus(3, "r") + Corpus(2, "s"));
  for (const std::string name : {"bulk", "update"}) {
    SCOPED_TRACE(name);
    std::string err;
    auto args = Load(dir_.File(name), {dir_.File("bad.jsonl"), dir_.File("more.jsonl")});
    if (name == "update") args.insert(args.end(), kUpdatePath.begin(), kUpdatePath.end());
    ASSERT_EQ(testing::RunIndexer(args, &err), 3) << err;
    EXPECT_NE(err.find(dir_.File("bad.jsonl") + ":6: invalid JSON"), std::string::npos) << err;
    EXPECT_NE(err.find(dir_.File("bad.jsonl") + ":7: id \"r-0\" was already given by " +
                       dir_.File("bad.jsonl") + ":1; skipped"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find(dir_.File("bad.jsonl") + ":9: "), std::string::npos) << err;
    EXPECT_NE(err.find("7 added, 0 updated, 0 unchanged, 0 deleted, 7 skipped"), std::string::npos)
        << err;
    EXPECT_EQ(testing::ArticleCount(dir_.File(name)), 7u);
  }
  ExpectSameIndex(dir_.File("update"), dir_.File("bulk"));
}

TEST_F(IndexerBulkLoadTest, MaxErrorsStopsAndKeepsWhatWasReadBefore) {
  testing::WriteFile(dir_.File("bad.jsonl"), Corpus(4, "m") + "{x}\n{y}\n{z}\n" + Corpus(4, "n"));
  std::string said[2];
  int i = 0;
  for (const std::string name : {"bulk", "update"}) {
    SCOPED_TRACE(name);
    std::string err;
    auto args = Load(dir_.File(name), {"--max-errors", "1", dir_.File("bad.jsonl")});
    if (name == "update") args.insert(args.end(), kUpdatePath.begin(), kUpdatePath.end());
    EXPECT_EQ(testing::RunIndexer(args, &err), 1) << err;
    EXPECT_NE(err.find("stopped: more than 1 records could not be read (--max-errors) (4 added"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("before that, kept)"), std::string::npos) << err;
    EXPECT_EQ(testing::ArticleCount(dir_.File(name)), 4u);
    EXPECT_FALSE(testing::IndexHas(dir_.File(name), "n-0"));
    said[i++] = Said(err);
  }
  EXPECT_EQ(said[1], said[0]);
}

TEST_F(IndexerBulkLoadTest, NoArticleReadLeavesNoIndex) {
  testing::WriteFile(dir_.File("empty.jsonl"), "");
  testing::WriteFile(dir_.File("bad.jsonl"), "{x}\n");
  std::string err;
  EXPECT_EQ(testing::RunIndexer(Load(dir_.File("none"), {dir_.File("empty.jsonl")}), &err), 0)
      << err;
  EXPECT_NE(err.find("no article was read, so no index was made"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_.File("none")));
  EXPECT_EQ(
      testing::RunIndexer(Load(dir_.File("none"), {"--shards", "2", dir_.File("bad.jsonl")}), &err),
      3)
      << err;
  EXPECT_FALSE(fs::exists(dir_.File("none")));
  // An empty directory given stays, empty.
  fs::create_directories(dir_.File("given"));
  EXPECT_EQ(testing::RunIndexer(Load(dir_.File("given"), {dir_.File("empty.jsonl")}), &err), 0)
      << err;
  EXPECT_TRUE(fs::is_empty(dir_.File("given")));
}

TEST_F(IndexerBulkLoadTest, WhatAKilledLoadLeftIsClearedByTheNextOne) {
  // A plain load killed while merging: worker shards, the merge and the
  // reserved generation, no stub.
  const std::string index = dir_.File("killed");
  testing::BuildIndex(index + "/gen-000001.shard-0", {testing::MakeArticle("ghost", "G", "ghost")});
  testing::BuildIndex(index + "/gen-000001.shard-merged",
                      {testing::MakeArticle("ghost", "G", "ghost")});
  fs::create_directories(index + "/gen-000001");
  std::string err;
  ASSERT_EQ(testing::RunIndexer(Load(index, {dir_.File("in.jsonl")}), &err), 0) << err;
  EXPECT_EQ(testing::ArticleCount(index), 300u);
  EXPECT_FALSE(testing::IndexHas(index, "ghost"));
  for (const auto& entry : fs::directory_iterator(index)) {
    EXPECT_EQ(entry.path().filename().string().find(".shard-"), std::string::npos) << entry.path();
  }
  // A sharded load killed before its stub: a shard built (under its
  // building name), with a field the next load does not declare.
  const std::string sharded = dir_.File("killed-sharded");
  testing::WriteFile(dir_.File("ghost.jsonl"),
                     "{\"id\":\"ghost\",\"title\":\"G\",\"body\":\"ghost\",\"colour\":\"red\"}\n");
  ASSERT_EQ(testing::RunIndexer({"--index", sharded + "/shard-01.new", "--field", "colour:keyword",
                                 dir_.File("ghost.jsonl")},
                                &err),
            0)
      << err;
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", dir_.File("in.jsonl")}, &err),
            0)
      << err;
  EXPECT_EQ(testing::ArticleCount(sharded), 300u);
  EXPECT_FALSE(testing::IndexHas(sharded, "ghost"));
  EXPECT_EQ(Xapian::Database(sharded + "/shard-01").get_metadata(schema::kFieldsMetadataKey), "");
  EXPECT_FALSE(fs::exists(sharded + "/shard-01.new"));
}

TEST_F(IndexerBulkLoadTest, ShardsThatLostTheirStubAreTakenUpAsBefore) {
  // shard-01 holds an article but no stub lists it: the update path takes
  // it up (a load does not wipe what may be a sharded index's articles).
  std::string kept = "kept-0";
  for (int i = 1; ShardOf(kept, 2) != 1; ++i) kept = "kept-" + std::to_string(i);
  testing::WriteFile(dir_.File("kept.jsonl"), testing::ToJsonLine(testing::MakeArticle(
                                                  kept, "Kept", "kept through the lost stub")));
  const std::string sharded = dir_.File("lost-stub");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", sharded + "/shard-01", dir_.File("kept.jsonl")}, &err),
            0)
      << err;
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", dir_.File("in.jsonl")}, &err),
            0)
      << err;
  EXPECT_EQ(testing::ArticleCount(sharded), 301u);
  EXPECT_TRUE(testing::IndexHas(sharded, kept));
}

TEST_F(IndexerBulkLoadTest, AShardedNewIndexIsBuiltAsTheUpdatePathBuiltIt) {
  std::string bulk_err, update_err;
  auto bulk = Load(dir_.File("bulk"), {"--shards", "3", dir_.File("in.jsonl")});
  auto update = Load(dir_.File("update"), {"--shards", "3", dir_.File("in.jsonl")});
  update.insert(update.end(), kUpdatePath.begin(), kUpdatePath.end());
  ASSERT_EQ(testing::RunIndexer(bulk, &bulk_err), 0) << bulk_err;
  ASSERT_EQ(testing::RunIndexer(update, &update_err), 0) << update_err;
  EXPECT_EQ(Said(update_err), Said(bulk_err));
  EXPECT_EQ(testing::ReadFile(dir_.File("update/XAPIANDB")),
            testing::ReadFile(dir_.File("bulk/XAPIANDB")));
  ExpectSameIndex(dir_.File("update"), dir_.File("bulk"));
  for (uint32_t i = 0; i < 3; ++i) {
    const std::string shard = dir_.File("bulk/" + ShardDirName(i));
    Xapian::Database db(shard);
    EXPECT_GT(db.get_doccount(), 0u) << shard;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      for (auto term = db.termlist_begin(*it); term != db.termlist_end(*it); ++term) {
        const std::string prefix = schema::IdTerm("");
        if ((*term).rfind(prefix, 0) == 0) {
          EXPECT_EQ(ShardOf((*term).substr(prefix.size()), 3), i) << *term;
        }
      }
    }
  }
}

TEST_F(IndexerBulkLoadTest, UpdatesAndDeletesReachTheShardsOfABulkLoad) {
  const std::string index = dir_.File("sharded");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--shards", "2", dir_.File("in.jsonl")}, &err),
            0)
      << err;
  const uint32_t home = ShardOf("a-7", 2);
  const std::string home_dir = index + "/" + ShardDirName(home);
  const uint64_t home_count = testing::ArticleCount(home_dir);
  testing::WriteFile(dir_.File("edit.jsonl"),
                     "{\"id\":\"a-7\",\"title\":\"Zeppelin sighted\",\"body\":\"zeppelin\"}\n"
                     "{\"id\":\"new-1\",\"title\":\"New\",\"body\":\"fresh\"}\n");
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir_.File("edit.jsonl")}, &err), 0) << err;
  EXPECT_NE(err.find("1 added, 1 updated, 0 unchanged"), std::string::npos) << err;
  EXPECT_EQ(testing::ArticleCount(index), 301u);
  EXPECT_EQ(testing::ArticleCount(home_dir) - home_count, ShardOf("new-1", 2) == home ? 1u : 0u);
  std::string out;
  ASSERT_EQ(testing::RunSearch({"--index", index, "--json", "zeppelin"}, &out), 0) << out;
  EXPECT_NE(out.find("\"a-7\""), std::string::npos) << out;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--delete", "a-7"}, &err), 0) << err;
  EXPECT_NE(err.find("1 deleted"), std::string::npos) << err;
  EXPECT_FALSE(testing::IndexHas(home_dir, "a-7"));
  EXPECT_EQ(testing::ArticleCount(index), 300u);
  ASSERT_EQ(
      testing::RunProgram(
          {testing::ProgramPath("byline-indexer"), "--index", index, "stats", "--json"}, &out),
      0)
      << out;
  EXPECT_NE(out.find("\"articles\":300"), std::string::npos) << out;
}

TEST_F(IndexerBulkLoadTest, AnExistingEmptyIndexIsLoadedInBulkKeepingItsSettings) {
  const std::string index = dir_.File("emptied");
  testing::WriteFile(dir_.File("one.jsonl"), Corpus(1, "gone"));
  std::string err;
  ASSERT_EQ(
      testing::RunIndexer(Load(index, {"--language", "french", dir_.File("one.jsonl")}), &err), 0)
      << err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--delete", "gone-0"}, &err), 0) << err;
  ASSERT_EQ(testing::ArticleCount(index), 0u);
  const std::string before = LiveGeneration(index);
  // No --field, --synonyms or --language now: the index's own are kept.
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir_.File("in.jsonl")}, &err), 0) << err;
  EXPECT_NE(err.find("300 added, 0 updated"), std::string::npos) << err;
  EXPECT_GT(LiveGeneration(index), before);  // a new generation: built in bulk
  Xapian::Database db(index);
  EXPECT_EQ(db.get_doccount(), 300u);
  EXPECT_EQ(db.get_metadata(schema::kLanguageMetadataKey), "french");
  EXPECT_NE(db.get_metadata(schema::kFieldsMetadataKey).find("category"), std::string::npos);
  EXPECT_NE(db.get_metadata(schema::kStopwordsMetadataKey), "");
  EXPECT_NE(db.synonym_keys_begin(), db.synonym_keys_end());
  EXPECT_NE(db.get_metadata(schema::kFileUrlsMetadataKey), "");
  EXPECT_GT(SpellingFrequency(db, "lighthouse"), 0u);
  // The next load updates in place.
  const std::string bulk_generation = LiveGeneration(index);
  testing::WriteFile(dir_.File("two.jsonl"), Corpus(2, "late"));
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir_.File("two.jsonl")}, &err), 0) << err;
  EXPECT_EQ(LiveGeneration(index), bulk_generation);
  EXPECT_EQ(testing::ArticleCount(index), 302u);
}

}  // namespace
}  // namespace byline
