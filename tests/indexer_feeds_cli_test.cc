// byline-indexer on RSS and Atom feeds and on dates as sites write them: the
// real program on files the tests write.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testutil.h"

namespace byline {
namespace {

struct Item {
  std::string guid, title, body, date;
};

std::string Rss(const std::vector<Item>& items) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Quay News</title>\n";
  for (const auto& it : items) {
    xml += "<item>\n<guid>" + it.guid + "</guid>\n<link>https://quay.example/" + it.guid +
           "</link>\n<title>" + it.title + "</title>\n<pubDate>" + it.date +
           "</pubDate>\n<description>&lt;p&gt;" + it.body + "&lt;/p&gt;</description>\n</item>\n";
  }
  return xml + "</channel>\n</rss>\n";
}

// The articles a search finds, as byline-search --json gives them.
nlohmann::json Hits(const std::string& index, std::vector<std::string> args) {
  std::string out;
  args.insert(args.begin(), {"--index", index, "--json"});
  EXPECT_EQ(testing::RunSearch(args, &out), 0) << out;
  auto parsed = nlohmann::json::parse(out, nullptr, false);
  return parsed.is_object() && parsed.contains("hits") ? parsed["hits"] : nlohmann::json::array();
}

TEST(IndexerFeedsCliTest, AFeedOnACronKeepsAnArchive) {
  testing::TempDir dir;
  const std::string index = dir.File("index"), feed = dir.File("news.rss");
  const Item a{"a", "Anchors aweigh", "Anchor chains rust", "Mon, 04 Mar 2024 09:00:00 GMT"};
  const Item b{"b", "Buoys painted", "Buoys are painted red", "Tue, 05 Mar 2024 09:00:00 GMT"};
  const Item b2{"b", "Buoys painted again", "Buoys are painted green",
                "Tue, 05 Mar 2024 09:00:00 GMT"};
  const Item c{"c", "Cranes arrive", "Cranes unload ships", "Wed, 06 Mar 2024 09:00:00 GMT"};
  std::string err;
  testing::WriteFile(feed, Rss({b, a}));
  ASSERT_EQ(testing::RunIndexer({"--index", index, feed}, &err), 0) << err;
  EXPECT_NE(err.find("2 added"), std::string::npos) << err;
  // The next fetch: A fell out of the feed's window, B changed, C is new.
  testing::WriteFile(feed, Rss({c, b2}));
  ASSERT_EQ(testing::RunIndexer({"--index", index, feed}, &err), 0) << err;
  EXPECT_NE(err.find("1 added, 1 updated"), std::string::npos) << err;
  EXPECT_EQ(testing::ArticleCount(index), 3u);
  for (const char* id : {"a", "b", "c"}) EXPECT_TRUE(testing::IndexHas(index, id)) << id;
  auto hits = Hits(index, {"green"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["title"], "Buoys painted again");
  EXPECT_EQ(hits[0]["published"], "2024-03-05T09:00:00Z");
  EXPECT_EQ(hits[0]["source"], "Quay News");
  EXPECT_EQ(hits[0]["url"], "https://quay.example/b");
  EXPECT_EQ(Hits(index, {"red"}).size(), 0u);
  EXPECT_EQ(Hits(index, {"anchor"}).size(), 1u);  // the archive kept A

  // --sync with a feed is refused before anything is read or deleted.
  const auto before = testing::SnapshotFiles(index);
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", feed}, &err), 2);
  EXPECT_NE(err.find("--sync does not go with a feed (" + feed + ")"), std::string::npos) << err;
  EXPECT_NE(err.find("without --sync to keep an archive"), std::string::npos) << err;
  EXPECT_EQ(testing::SnapshotFiles(index), before);
  // The same with a .xml feed found by its root element, and with --format rss.
  testing::WriteFile(dir.File("feed.xml"), Rss({c}));
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", dir.File("feed.xml")}, &err), 2);
  testing::WriteFile(dir.File("feed.dat"), Rss({c}));
  EXPECT_EQ(testing::RunIndexer(
                {"--index", index, "--sync", "--format", "rss", dir.File("feed.dat")}, &err),
            2);
  EXPECT_NE(err.find("--sync does not go with a feed"), std::string::npos) << err;
  // And a folder whose walk would read a feed.
  std::filesystem::create_directories(dir.File("site"));
  testing::WriteFile(dir.File("site/news.rss"), Rss({c}));
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", dir.File("site")}, &err), 2);
  EXPECT_NE(err.find("--sync does not go with a feed (" + dir.File("site") + ")"),
            std::string::npos)
      << err;
  EXPECT_EQ(testing::ArticleCount(index), 3u);
  // A feed the walk leaves out (--exclude) is no reason to refuse.
  testing::WriteFile(dir.File("site/page.md"), "# Quay page\n\nThe quay at dawn.\n");
  EXPECT_EQ(
      testing::RunIndexer(
          {"--index", dir.File("other"), "--sync", dir.File("site"), "--exclude", "*.rss"}, &err),
      0)
      << err;
  EXPECT_EQ(testing::ArticleCount(dir.File("other")), 1u);
}

TEST(IndexerFeedsCliTest, FeedsFromStdinAndAtomFiles) {
  testing::TempDir dir;
  const std::string index = dir.File("index");
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--format", "rss", "-"}, &err,
                                Rss({{"s1", "Stdin item", "Read from stdin", "2024-01-01"}})),
            0)
      << err;
  EXPECT_TRUE(testing::IndexHas(index, "s1"));
  // A feed on stdin is known only once read: --sync keeps what it read and
  // deletes nothing.
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--sync", "-"}, &err,
                                Rss({{"s2", "Second item", "Also from stdin", "2024-01-02"}})),
            1);
  EXPECT_NE(err.find("--sync does not go with a feed (-)"), std::string::npos) << err;
  EXPECT_NE(err.find("nothing was deleted"), std::string::npos) << err;
  EXPECT_TRUE(testing::IndexHas(index, "s1"));
  EXPECT_TRUE(testing::IndexHas(index, "s2"));
  // Auto on stdin: '<' opening a feed is a feed, not a page.
  ASSERT_EQ(testing::RunIndexer({"--index", index, "-"}, &err,
                                Rss({{"s2", "Sniffed item", "Sniffed body", "2024-01-02"}})),
            0)
      << err;
  EXPECT_TRUE(testing::IndexHas(index, "s2"));
  testing::WriteFile(
      dir.File("blog.atom"),
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>"
      "<entry><id>urn:x:1</id><title>Atom entry</title>"
      "<link href=\"https://blog.example/1\"/><updated>2024-02-02T00:00:00Z</updated>"
      "<category term=\"harbour\"/><content type=\"html\">&lt;p&gt;Lighthouse "
      "&lt;b&gt;keepers&lt;/b&gt;&lt;/p&gt;</content></entry></feed>");
  ASSERT_EQ(testing::RunIndexer({"--index", index, dir.File("blog.atom")}, &err), 0) << err;
  auto hits = Hits(index, {"lighthouse"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["id"], "urn:x:1");
  EXPECT_EQ(Hits(index, {"--tag", "harbour", "keepers"}).size(), 1u);
  // Markup is not indexed as words.
  EXPECT_EQ(Hits(index, {"lt"}).size(), 0u);
}

TEST(IndexerFeedsCliTest, DatesAsSitesWriteThemAreIndexedAndOddOnesWarned) {
  testing::TempDir dir;
  const std::string input = dir.File("cms.jsonl");
  auto line = [](const std::string& id, const std::string& date) {
    return "{\"id\":\"" + id + "\",\"title\":\"Tide " + id + "\",\"body\":\"Harbour tide\"," +
           "\"published\":\"" + date + "\"}\n";
  };
  testing::WriteFile(
      input, line("year", "2024") + line("month", "2023-07") + line("words", "March 5, 2024") +
                 line("rfc", "Tue, 05 Mar 2024 10:00:00 +0000") +
                 line("odd", "the day after tomorrow") + line("bad", "Feb 30, 2024"));
  const std::string index = dir.File("index");
  std::string err, dry_err;
  // A dry run says what the real run says.
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--dry-run", input}, &dry_err), 0) << dry_err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, input}, &err), 0) << err;
  for (const std::string* e : {&dry_err, &err}) {
    EXPECT_NE(e->find(input +
                      ":5: published \"the day after tomorrow\" not understood; indexed without a "
                      "date"),
              std::string::npos)
        << *e;
    EXPECT_NE(e->find(input + ":6: published \"Feb 30, 2024\" not understood"), std::string::npos)
        << *e;
    EXPECT_NE(e->find("2 articles indexed without a date"), std::string::npos) << *e;
  }
  EXPECT_NE(dry_err.find("would add 6"), std::string::npos) << dry_err;
  EXPECT_NE(err.find("6 added"), std::string::npos) << err;
  auto ids = [&](std::vector<std::string> args) {
    std::vector<std::string> out;
    for (const auto& hit : Hits(index, args)) out.push_back(hit["id"]);
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({"--from", "2024-03-05", "--to", "2024-03-05", "tide"}), (V{"rfc", "words"}));
  EXPECT_EQ(ids({"--from", "2024", "--to", "2024", "tide"}), (V{"rfc", "words", "year"}));
  EXPECT_EQ(ids({"--from", "2023-07", "--to", "2023-07", "tide"}), (V{"month"}));
  auto all = Hits(index, {"--sort", "date", "-n", "10", "tide"});
  ASSERT_EQ(all.size(), 6u);
  std::map<std::string, std::string> published;
  for (const auto& hit : all) published[hit["id"]] = hit.value("published", "");
  EXPECT_EQ(published["year"], "2024");
  EXPECT_EQ(published["month"], "2023-07");
  EXPECT_EQ(published["words"], "2024-03-05");
  EXPECT_EQ(published["rfc"], "2024-03-05T10:00:00Z");
  EXPECT_EQ(published["odd"], "");
  EXPECT_EQ(published["bad"], "");

  // --strict-dates (flag or config file) skips them as errors instead.
  for (const bool config : {false, true}) {
    const std::string strict_index = dir.File(config ? "strict-config" : "strict-flag");
    std::vector<std::string> args = {"--index", strict_index, input};
    if (config) {
      testing::WriteFile(dir.File("indexer.toml"), "strict-dates = true\n");
      args.insert(args.begin(), {"--config", dir.File("indexer.toml")});
    } else {
      args.push_back("--strict-dates");
    }
    EXPECT_EQ(testing::RunIndexer(args, &err), 3) << err;
    EXPECT_NE(err.find(input + ":5: field \"published\": bad date"), std::string::npos) << err;
    EXPECT_NE(err.find("4 added"), std::string::npos) << err;
    EXPECT_NE(err.find("2 skipped"), std::string::npos) << err;
    EXPECT_EQ(testing::ArticleCount(strict_index), 4u);
  }
}

}  // namespace
}  // namespace byline
