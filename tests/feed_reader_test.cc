// RSS 2.0, RDF and Atom feeds (ReadFeed), and feeds through ReadInput.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>

#include "byline/ingest.h"
#include "ingest/text_util.h"
#include "testutil.h"

namespace byline {
namespace {

struct CollectedFeed {
  std::vector<Article> articles;
  std::vector<RecordError> errors, warnings;
  std::vector<size_t> lines;  // of each article, from ReadOptions::position
  RecordPosition position;
  ReadOptions Options(bool lenient = true) {
    ReadOptions options;
    options.position = &position;
    if (lenient) options.on_date_warning = [this](const RecordError& w) { warnings.push_back(w); };
    return options;
  }
  ArticleCallback OnArticle() {
    return [this](Article&& a) {
      lines.push_back(position.line);
      articles.push_back(std::move(a));
    };
  }
  ErrorCallback OnError() {
    return [this](const RecordError& e) { errors.push_back(e); };
  }
};

CollectedFeed Feed(const std::string& xml, bool lenient = true) {
  CollectedFeed c;
  ReadFeed(xml, "news.rss", c.Options(lenient), c.OnArticle(), c.OnError());
  return c;
}

const char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <language>en-gb</language>
  <item>
    <title>Tidal power &amp;amp; the harbour</title>
    <link>https://gazette.example/tidal</link>
    <guid isPermaLink="false">gazette-123</guid>
    <pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
    <author>ann@gazette.example (Ann Lee)</author>
    <category>energy</category>
    <category>sea</category>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<p>The <b>council</b> voted.</p><script>var x = 1;</script><p>Second &amp; last.</p>]]></content:encoded>
  </item>
  <item>
    <title>Ferry timetable</title>
    <link>https://gazette.example/ferry</link>
    <dc:creator>Bo Chen</dc:creator>
    <dc:date>2024-03-06T08:00:00Z</dc:date>
    <description>&lt;p&gt;Ferries &lt;i&gt;run&lt;/i&gt; late.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
)";

TEST(FeedReaderTest, ReadsRss2Items) {
  auto c = Feed(kRss);
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 2u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "gazette-123");
  EXPECT_EQ(a.url, "https://gazette.example/tidal");
  EXPECT_EQ(a.title, "Tidal power & the harbour");
  EXPECT_EQ(a.body, "The council voted.\n\nSecond & last.");  // content:encoded wins; no script
  EXPECT_EQ(a.published, "2024-03-05T10:00:00Z");
  EXPECT_EQ(a.author, "Ann Lee");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"energy", "sea"}));
  EXPECT_EQ(a.source, "Harbour Gazette");
  EXPECT_EQ(a.lang, "en-gb");
  EXPECT_EQ(c.lines[0], 8u);
  const Article& b = c.articles[1];
  EXPECT_EQ(b.id, "https://gazette.example/ferry");  // no guid: the link
  EXPECT_EQ(b.body, "Ferries run late.");            // escaped HTML in description
  EXPECT_EQ(b.author, "Bo Chen");
  EXPECT_EQ(b.published, "2024-03-06T08:00:00Z");
  EXPECT_EQ(c.lines[1], 19u);
}

TEST(FeedReaderTest, ReadsAtomEntries) {
  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr" xml:base="https://blog.example/">
  <title type="html">Le &lt;b&gt;Blog&lt;/b&gt;</title>
  <author><name>Feed Owner</name></author>
  <id>urn:uuid:feed</id>
  <entry>
    <title>Html content</title>
    <id>tag:blog.example,2024:1</id>
    <link rel="edit" href="https://blog.example/edit/1"/>
    <link rel="alternate" type="text/html" href="posts/one.html"/>
    <updated>2024-03-07T09:00:00Z</updated>
    <published>2024-03-05T09:00:00+01:00</published>
    <author><name>Claire</name><email>c@blog.example</email></author>
    <category term="science" label="Science"/>
    <summary>The summary.</summary>
    <content type="html">&lt;p&gt;First &lt;em&gt;entry&lt;/em&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="text">Xhtml content &amp; text</title>
    <id>tag:blog.example,2024:2</id>
    <link href="https://blog.example/two"/>
    <updated>2024-03-08T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Second <b>entry</b>.</p><p>More.</p></div></content>
  </entry>
  <entry>
    <title>Text content</title>
    <id>tag:blog.example,2024:3</id>
    <updated>2024</updated>
    <content type="text">Plain &lt;not a tag&gt; text.</content>
  </entry>
</feed>
)";
  auto c = Feed(atom);
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 3u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "tag:blog.example,2024:1");
  EXPECT_EQ(a.url, "https://blog.example/posts/one.html");  // alternate, against xml:base
  EXPECT_EQ(a.title, "Html content");
  EXPECT_EQ(a.body, "First entry.");
  EXPECT_EQ(a.published, "2024-03-05T09:00:00+01:00");  // published before updated
  EXPECT_EQ(a.author, "Claire");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"science"}));
  EXPECT_EQ(a.source, "Le Blog");
  EXPECT_EQ(a.lang, "fr");
  const Article& b = c.articles[1];
  EXPECT_EQ(b.title, "Xhtml content & text");
  EXPECT_EQ(b.body, "Second entry.\n\nMore.");
  EXPECT_EQ(b.url, "https://blog.example/two");
  EXPECT_EQ(b.published, "2024-03-08T09:00:00Z");
  EXPECT_EQ(b.author, "Feed Owner");  // the feed's author
  EXPECT_EQ(c.articles[2].body, "Plain <not a tag> text.");
  EXPECT_EQ(c.articles[2].published, "2024");
  EXPECT_EQ(c.articles[2].url, "");
}

TEST(FeedReaderTest, ReadsRdfFeeds) {
  const std::string rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old School</title>
  </channel>
  <item rdf:about="https://old.example/1">
    <title>RDF item</title>
    <link>https://old.example/1</link>
    <description>Described.</description>
    <dc:date>2004-05-06</dc:date>
    <dc:subject>history</dc:subject>
  </item>
</rdf:RDF>
)";
  auto c = Feed(rdf);
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "https://old.example/1");
  EXPECT_EQ(c.articles[0].source, "Old School");
  EXPECT_EQ(c.articles[0].published, "2004-05-06");
  EXPECT_EQ(c.articles[0].tags, (std::vector<std::string>{"history"}));
}

TEST(FeedReaderTest, MissingFieldsAndBadItemsAreReportedAndTheOthersRead) {
  const std::string rss = R"(<rss version="2.0"><channel><title>T</title>
<item><title>No id</title><description>Text.</description></item>
<item><guid>no-text</guid><title>Title only</title></item>
<item><guid>untitled</guid><description>A status update with no title of its own, long enough to be cut somewhere sensible.</description></item>
<item><guid>undated</guid><title>Bad date</title><description>Body.</description><pubDate>next Tuesday</pubDate></item>
<item><guid>ok</guid><title>Fine</title><description>Body.</description></item>
</channel></rss>)";
  auto c = Feed(rss);
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_EQ(c.errors[0].ToString(), "news.rss:2: item has no guid, id or link to take its id from");
  EXPECT_EQ(c.errors[1].line, 3u);
  EXPECT_NE(c.errors[1].reason.find("no text"), std::string::npos) << c.errors[1].reason;
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[0].id, "untitled");
  EXPECT_EQ(c.articles[0].title.rfind("A status update with no title", 0), 0u);
  EXPECT_LE(c.articles[0].title.size(), 84u);
  EXPECT_EQ(c.articles[1].id, "undated");
  EXPECT_EQ(c.articles[1].published, "");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0].ToString(),
            "news.rss:5: published \"next Tuesday\" not understood; indexed without a date");

  auto strict = Feed(rss, /*lenient=*/false);
  ASSERT_EQ(strict.errors.size(), 3u);
  EXPECT_EQ(strict.errors[2].line, 5u);
  EXPECT_NE(strict.errors[2].reason.find("field \"published\""), std::string::npos);
  EXPECT_EQ(strict.articles.size(), 2u);
}

TEST(FeedReaderTest, LongOrOddGuidsBecomeValidStableIds) {
  const std::string long_guid = "https://x.example/" + std::string(300, 'a');
  const std::string rss = "<rss><channel><title>T</title><item><guid>" + long_guid +
                          "</guid><title>A</title><description>B</description></item>"
                          "<item><guid>" +
                          long_guid +
                          "b</guid><title>A</title>"
                          "<description>B</description></item></channel></rss>";
  auto c = Feed(rss);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_LE(c.articles[0].id.size(), kMaxIdBytes);
  EXPECT_NE(c.articles[0].id, c.articles[1].id);
  EXPECT_EQ(c.articles[0].id, Feed(rss).articles[0].id);  // the same every run
  EXPECT_OK(ValidateArticle(c.articles[0]));
}

TEST(FeedReaderTest, MalformedXmlNamesTheLineAndKeepsTheItemsBefore) {
  const std::string rss =
      "<rss><channel><title>T</title>\n"
      "<item><guid>1</guid><title>One</title><description>B</description></item>\n"
      "<item><guid>2</guid><title>Two</title><description>B</description></item>\n"
      "<item><guid>3</guid><title>Three</title>\n"
      "<description>B</descriptionn></item>\n"
      "</channel></rss>\n";
  auto c = Feed(rss);
  ASSERT_GE(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 5u) << c.errors[0].ToString();
  EXPECT_NE(c.errors[0].reason.find("malformed XML"), std::string::npos);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "1");
  EXPECT_EQ(c.articles[1].id, "2");
}

TEST(FeedReaderTest, HtmlNamedEntitiesReadAsABrowserReadsThem) {
  // XML defines no &nbsp; or &mdash;, but feeds use them: every item is read.
  auto c = Feed(
      "<rss><channel><title>Caf&eacute; news</title>\n"
      "<item><guid>1</guid><title>Tea&nbsp;time</title><description>a &mdash; b</description>"
      "</item>\n<item><guid>2</guid><title>It&rsquo;s 5 &lt; 6</title>"
      "<description><![CDATA[<p>x&nbsp;y</p>]]></description></item>\n"
      "<item><guid>3</guid><title>Third</title><description>c</description></item>\n"
      "</channel></rss>");
  EXPECT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[0].title, "Tea\u00a0time");
  EXPECT_EQ(c.articles[0].body, "a \u2014 b");
  EXPECT_EQ(c.articles[0].source, "Caf\u00e9 news");
  EXPECT_EQ(c.articles[1].title, "It\u2019s 5 < 6");
  EXPECT_EQ(c.articles[2].title, "Third");
  // A name HTML does not know either is still malformed XML, with its line.
  auto bad = Feed(
      "<rss><channel><title>T</title>\n<item><guid>1</guid><title>A</title>"
      "<description>a</description></item>\n<item><guid>2</guid><title>B &bogus; "
      "&nbsp;</title><description>b</description></item>\n</channel></rss>");
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_EQ(bad.errors[0].line, 3u) << bad.errors[0].ToString();
  EXPECT_NE(bad.errors[0].reason.find("bogus"), std::string::npos) << bad.errors[0].reason;
  ASSERT_EQ(bad.articles.size(), 1u);
  EXPECT_EQ(bad.articles[0].title, "A");
}

TEST(FeedReaderTest, NotAFeedIsSaidSo) {
  auto c = Feed("<?xml version=\"1.0\"?>\n<urlset><url><loc>https://x/</loc></url></urlset>");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].reason.find("not an RSS or Atom feed"), std::string::npos);
  EXPECT_NE(c.errors[0].reason.find("<urlset>"), std::string::npos);
  EXPECT_TRUE(c.articles.empty());
}

TEST(FeedReaderTest, EntitiesAreNeverExpanded) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("secret.txt"), "TOPSECRET");
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM \"file://" +
      dir.File("secret.txt") +
      "\">\n]>\n<rss><channel><title>T</title><item><guid>x</guid>"
      "<title>X</title><description>before &xxe; after</description></item>"
      "</channel></rss>";
  auto c = Feed(xxe);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "before after");
  for (const auto& a : c.articles) {
    EXPECT_EQ(a.body.find("TOPSECRET"), std::string::npos) << a.body;
    EXPECT_EQ(a.title.find("TOPSECRET"), std::string::npos);
  }
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"lollollollol\">\n";
  std::string prev = "a";
  for (int i = 0; i < 12; ++i) {
    const std::string name = "e" + std::to_string(i);
    laughs += "<!ENTITY " + name + " \"";
    for (int k = 0; k < 10; ++k) laughs += "&" + prev + ";";
    laughs += "\">\n";
    prev = name;
  }
  laughs +=
      "]>\n<rss><channel><title>T</title><item><guid>l</guid><title>L</title>"
      "<description>x &" +
      prev + "; y</description></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  auto l = Feed(laughs);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // libxml2 refuses the amplification as malformed (naming the line); were
  // it read, the reference would be skipped, never expanded.
  for (const auto& a : l.articles) EXPECT_EQ(a.body, "x y");
  if (l.articles.empty()) {
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_GT(l.errors[0].line, 0u);
    EXPECT_NE(l.errors[0].reason.find("entity"), std::string::npos) << l.errors[0].reason;
  }
}

TEST(FeedReaderTest, DeclaredEncodingsAreConvertedToUtf8) {
  auto c = Feed(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xE9</title>"
      "<item><guid>1</guid><title>Cr\xE8me br\xFBl\xE9"
      "e</title><description>D\xE9j\xE0 vu"
      "</description></item></channel></rss>");
  ASSERT_EQ(c.articles.size(), 1u) << (c.errors.empty() ? "" : c.errors[0].ToString());
  EXPECT_EQ(c.articles[0].title, "Cr\u00e8me br\u00fbl\u00e9e");
  EXPECT_EQ(c.articles[0].body, "D\u00e9j\u00e0 vu");
  EXPECT_EQ(c.articles[0].source, "Caf\u00e9");
  // Bytes that are not what the feed says it is: malformed, with a line.
  auto bad = Feed("<rss><channel>\n<title>Caf\xE9</title></channel></rss>");
  ASSERT_GE(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 2u) << bad.errors[0].ToString();
}

TEST(FeedReaderTest, DeepNestingIsBounded) {
  std::string deep =
      "<rss><channel><title>T</title><item><guid>d</guid><title>D</title><description>";
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  auto c = Feed(deep);
  ASSERT_GE(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].reason.find("malformed XML"), std::string::npos);
}

TEST(FeedReaderTest, LooksLikeFeedSniffsTheRootElement) {
  EXPECT_TRUE(ingest::LooksLikeFeed("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><rss>"));
  EXPECT_TRUE(
      ingest::LooksLikeFeed("<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"));
  EXPECT_TRUE(ingest::LooksLikeFeed("<rdf:RDF xmlns:rdf='x'>"));
  EXPECT_TRUE(ingest::LooksLikeFeed("<!DOCTYPE rss [<!ENTITY a 'b'>]><rss>"));
  EXPECT_FALSE(ingest::LooksLikeFeed("<!DOCTYPE html><html><head>"));
  EXPECT_FALSE(ingest::LooksLikeFeed("<?xml version=\"1.0\"?><urlset>"));
  EXPECT_FALSE(ingest::LooksLikeFeed("{\"id\": 1}"));
}

TEST(FeedReaderTest, ReadInputReadsFeedsByExtensionSniffOrFormat) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("news.xml"), kRss);
  testing::WriteFile(dir.File("sitemap.xml"), "<?xml version=\"1.0\"?><urlset/>");
  testing::WriteFile(dir.File("unnamed"), kRss);
  gzFile gz = gzopen(dir.File("news.rss.gz").c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, kRss, sizeof kRss - 1);
  gzclose(gz);
  for (const char* name : {"news.xml", "unnamed", "news.rss.gz"}) {
    CollectedFeed c;
    ASSERT_OK(ReadInput(dir.File(name), c.Options(), c.OnArticle(), c.OnError()));
    EXPECT_EQ(c.articles.size(), 2u) << name;
    EXPECT_TRUE(c.errors.empty()) << name << ": " << c.errors[0].ToString();
  }
  EXPECT_EQ(FormatForPath("a.atom"), InputFormat::kFeed);
  EXPECT_EQ(*ParseInputFormat("rss"), InputFormat::kFeed);
  EXPECT_EQ(*ParseInputFormat("atom"), InputFormat::kFeed);
  EXPECT_TRUE(IsFeedInput(dir.File("news.xml"), InputFormat::kAuto));
  EXPECT_TRUE(IsFeedInput(dir.File("unnamed"), InputFormat::kAuto));
  EXPECT_TRUE(IsFeedInput(dir.File("news.rss.gz"), InputFormat::kAuto));
  EXPECT_FALSE(IsFeedInput(dir.File("sitemap.xml"), InputFormat::kAuto));
  EXPECT_TRUE(IsFeedInput(dir.path(), InputFormat::kAuto));  // it holds news.rss.gz
  std::filesystem::create_directories(dir.File("site/.hidden"));
  testing::WriteFile(dir.File("site/.hidden/old.rss"), kRss);
  testing::WriteFile(dir.File("site/sitemap.xml"), kRss);
  EXPECT_FALSE(IsFeedInput(dir.File("site"), InputFormat::kAuto));
  EXPECT_TRUE(IsFeedInput("-", InputFormat::kFeed));
  EXPECT_FALSE(IsFeedInput("-", InputFormat::kAuto));
  // A named .xml that is no feed is reported; a directory walk skips .xml.
  CollectedFeed named;
  ASSERT_OK(
      ReadInput(dir.File("sitemap.xml"), named.Options(), named.OnArticle(), named.OnError()));
  ASSERT_EQ(named.errors.size(), 1u);
  EXPECT_NE(named.errors[0].reason.find("not an RSS or Atom feed"), std::string::npos);
  CollectedFeed walked;
  ASSERT_OK(ReadInput(dir.path(), walked.Options(), walked.OnArticle(), walked.OnError()));
  EXPECT_EQ(walked.articles.size(), 2u);  // news.rss.gz only
  for (const auto& e : walked.errors) ADD_FAILURE() << e.ToString();
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

TEST(ReadInputDatesTest, OneArticleFilesKeepTheirArticleWithoutADateTheyCannotRead) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("post.md"), "---\ntitle: Post\ndate: someday\n---\nText.\n");
  testing::WriteFile(dir.File("page.html"),
                     "<title>Page</title><meta name=\"date\" content=\"March 5, 2024\"><p>Hi</p>");
  CollectedFeed lenient;
  ASSERT_OK(
      ReadInput(dir.File("post.md"), lenient.Options(), lenient.OnArticle(), lenient.OnError()));
  ASSERT_EQ(lenient.articles.size(), 1u);
  EXPECT_EQ(lenient.articles[0].published, "");
  ASSERT_EQ(lenient.warnings.size(), 1u);
  EXPECT_EQ(lenient.warnings[0].ToString(),
            dir.File("post.md") + ": published \"someday\" not understood; indexed without a date");
  CollectedFeed strict;
  ASSERT_OK(ReadInput(dir.File("post.md"), strict.Options(/*lenient=*/false), strict.OnArticle(),
                      strict.OnError()));
  EXPECT_TRUE(strict.articles.empty());
  ASSERT_EQ(strict.errors.size(), 1u);
  EXPECT_NE(strict.errors[0].reason.find("field \"published\""), std::string::npos);
  // A page's meta date as sites write it is read and stored in ISO 8601.
  CollectedFeed page;
  ASSERT_OK(ReadInput(dir.File("page.html"), page.Options(), page.OnArticle(), page.OnError()));
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].published, "2024-03-05");
  // A file refused for another reason (a declared field of the wrong type)
  // gets that error alone, no "indexed without a date" for it.
  testing::WriteFile(dir.File("bad.md"), "---\ntitle: Bad\ndate: someday\nminutes: many\n---\nX\n");
  CollectedFeed refused;
  ReadOptions options = refused.Options();
  options.fields.push_back(*ParseFieldSpec("minutes:number"));
  ASSERT_OK(ReadInput(dir.File("bad.md"), options, refused.OnArticle(), refused.OnError()));
  EXPECT_TRUE(refused.articles.empty());
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_NE(refused.errors[0].reason.find("minutes"), std::string::npos);
  EXPECT_TRUE(refused.warnings.empty()) << refused.warnings[0].ToString();
}

}  // namespace
}  // namespace byline
