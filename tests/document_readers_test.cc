// The one-article readers: Markdown with front matter, plain text, HTML.
#include <gtest/gtest.h>

#include "byline/ingest.h"
#include "testutil.h"

namespace byline {
namespace {

using testing::Collected;

Collected Markdown(const std::string& text, const FieldMap& map = {}) {
  Collected c;
  ReadMarkdown(text, "post.md", "posts/post", map, c.OnArticle(), c.OnError());
  return c;
}

TEST(MarkdownReaderTest, ReadsFrontMatterAndStripsMarkup) {
  auto c = Markdown(
      "---\n"
      "title: \"Tidal power in the harbour\"\n"
      "date: 2024-03-05\n"
      "author: Ann Lee\n"
      "tags: [energy, 'tidal power']\n"
      "source: Harbour Gazette\n"
      "url: https://example.org/tidal\n"
      "---\n"
      "## The plan\n"
      "\n"
      "The **council** voted for a [tidal barrage](https://example.org/b) and an\n"
      "![turbine photo](t.png) `snake_case` name_with_underscores.\n"
      "\n"
      "> Quoted words\n"
      "- first item\n"
      "1. numbered item\n"
      "\n"
      "---\n"
      "| col a | col b |\n"
      "|-------|-------|\n"
      "[ref]: https://example.org/ref\n"
      "```\n"
      "code_stays = 1\n"
      "```\n");
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "posts/post");
  EXPECT_EQ(a.title, "Tidal power in the harbour");
  EXPECT_EQ(a.published, "2024-03-05");
  EXPECT_EQ(a.author, "Ann Lee");
  EXPECT_EQ(a.source, "Harbour Gazette");
  EXPECT_EQ(a.url, "https://example.org/tidal");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"energy", "tidal power"}));
  EXPECT_EQ(a.body,
            "The plan\n\n"
            "The council voted for a tidal barrage and an\n"
            "turbine photo snake_case name_with_underscores.\n\n"
            "Quoted words\nfirst item\nnumbered item\n\n"
            "col a col b\n\n"
            "code_stays = 1");
}

TEST(MarkdownReaderTest, TitleFromFirstHeadingIdFromFrontMatterAndBlockLists) {
  auto c = Markdown(
      "---\nid: custom-7\ncategories:\n  - one\n  - two\n---\n# A Heading Title\n\nBody words.\n");
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "custom-7");
  EXPECT_EQ(c.articles[0].title, "A Heading Title");
  EXPECT_EQ(c.articles[0].body, "Body words.");  // the heading became the title
  EXPECT_EQ(c.articles[0].tags, (std::vector<std::string>{"one", "two"}));
}

TEST(MarkdownReaderTest, FieldMapRenamesFrontMatterKeys) {
  auto c = Markdown("---\nheadline: Mapped\nwhen: 2023-12-01\n---\nText.\n",
                    {{"title", "headline"}, {"published", "when"}});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Mapped");
  EXPECT_EQ(c.articles[0].published, "2023-12-01");
}

TEST(MarkdownReaderTest, MalformedFilesAreReportedWithLineAndReason) {
  struct Case {
    std::string text;
    size_t line;
    std::string reason;
  } cases[] = {
      {"---\ntitle: T\nbody never closes\n", 3, "expected \"key: value\""},
      {"---\ntitle: T\n", 1, "never closed"},
      {"---\ntitle: T\ndate: yesterday\n---\nText\n", 0, "\"published\""},
      {"No heading, no front matter.\n", 0, "no title"},
      {"---\ntitle: T\n---\n\n", 4, "no body"},
      {"---\ntitle: T\n---\nbad \xFF utf8\n", 0, "UTF-8"},
  };
  for (const auto& tc : cases) {
    auto c = Markdown(tc.text);
    EXPECT_EQ(c.articles.size(), 0u) << tc.text;
    ASSERT_EQ(c.errors.size(), 1u) << tc.text;
    EXPECT_EQ(c.errors[0].file, "post.md");
    EXPECT_EQ(c.errors[0].line, tc.line) << tc.text;
    EXPECT_NE(c.errors[0].reason.find(tc.reason), std::string::npos) << c.errors[0].reason;
  }
}

TEST(PlainTextReaderTest, FirstLineIsTheTitle) {
  Collected c;
  ReadPlainText("\n\n  Budget   approved \n\nThe council approved\nthe budget.\n", "b.txt", "b",
                c.OnArticle(), c.OnError());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "b");
  EXPECT_EQ(c.articles[0].title, "Budget approved");
  EXPECT_EQ(c.articles[0].body, "The council approved\nthe budget.");
}

TEST(PlainTextReaderTest, MalformedTextFilesAreReported) {
  struct Case {
    std::string text;
    std::string reason;
  } cases[] = {{"", "empty file"},
               {"   \n\n", "empty file"},
               {"Only a title\n", "no body"},
               {std::string("bin\0ary\n", 8), "binary"},
               {"Title\nbad \xC3\x28 utf8\n", "UTF-8"}};
  for (const auto& tc : cases) {
    Collected c;
    ReadPlainText(tc.text, "x.txt", "x", c.OnArticle(), c.OnError());
    EXPECT_EQ(c.articles.size(), 0u);
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_NE(c.errors[0].reason.find(tc.reason), std::string::npos) << c.errors[0].reason;
  }
}

TEST(HtmlReaderTest, ExtractsMetadataAndMainTextWithoutFurniture) {
  Collected c;
  ReadHtml(R"(<!doctype html><html lang="en-GB"><head>
      <title>Wind farm opens | The Gazette</title>
      <meta property="og:title" content="Wind farm opens">
      <meta property="og:site_name" content="The Gazette">
      <meta name="author" content="Cara Diaz">
      <meta property="article:published_time" content="2024-06-01T08:00:00+01:00">
      <meta name="keywords" content="energy, wind">
      <link rel="canonical" href="https://example.org/wind">
      <style>p { color: red }</style><script>var tracking = "secretword";</script>
    </head><body>
      <header class="masthead">Gazette masthead</header>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <div class="cookie-banner">We use cookies</div>
      <main><article>
        <p>The offshore <b>wind</b> farm opened today.</p>
        <p>It powers<br>ten thousand homes.</p>
        <div class="social-share">Share this</div>
        <script>document.write("injected")</script>
      </article></main>
      <aside>Most read: other stories</aside>
      <footer>Copyright The Gazette</footer>
    </body></html>)",
           "wind.html", "news/wind", c.OnArticle(), c.OnError());
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  const Article& a = c.articles[0];
  EXPECT_EQ(a.id, "news/wind");
  EXPECT_EQ(a.title, "Wind farm opens");
  EXPECT_EQ(a.source, "The Gazette");
  EXPECT_EQ(a.author, "Cara Diaz");
  EXPECT_EQ(a.published, "2024-06-01T08:00:00+01:00");
  EXPECT_EQ(a.url, "https://example.org/wind");
  EXPECT_EQ(a.lang, "en-GB");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"energy", "wind"}));
  EXPECT_EQ(a.body, "The offshore wind farm opened today.\n\nIt powers\nten thousand homes.");
}

TEST(HtmlReaderTest, FallsBackToTitleTagBodyAndTimeElement) {
  Collected c;
  ReadHtml(
      "<html><head><title>Plain page</title><meta name=date content='not a date'></head>"
      "<body><p>Posted <time datetime='2023-02-03'>3 Feb</time></p><p>Words here.</p>"
      "</body></html>",
      "p.htm", "p", c.OnArticle(), c.OnError());
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Plain page");
  EXPECT_EQ(c.articles[0].published, "2023-02-03");  // the unparseable meta date is passed over
  EXPECT_EQ(c.articles[0].body, "Posted 3 Feb\n\nWords here.");
}

TEST(HtmlReaderTest, MalformedPagesAreReportedAndBrokenMarkupIsRead) {
  struct Case {
    std::string html;
    std::string reason;  // empty: must be read
  } cases[] = {
      {"<html><body><p>No title anywhere</p></body></html>", "no title"},
      {"<html><head><title>T</title></head><body><nav>only nav</nav></body></html>", "no text"},
      {std::string("<html>\0\0\0", 9), "binary"},
      {"<title>T</title><p>caf\xE9</p>", "UTF-8"},
      {"<title>Unclosed</title><p>text <b>bold <i>both</p><div>more", ""},
  };
  for (const auto& tc : cases) {
    Collected c;
    ReadHtml(tc.html, "bad.html", "bad", c.OnArticle(), c.OnError());
    if (tc.reason.empty()) {
      ASSERT_EQ(c.articles.size(), 1u);
      EXPECT_EQ(c.articles[0].body, "text bold both\n\nmore");
      continue;
    }
    EXPECT_EQ(c.articles.size(), 0u) << tc.html;
    ASSERT_EQ(c.errors.size(), 1u) << tc.html;
    EXPECT_EQ(c.errors[0].file, "bad.html");
    EXPECT_NE(c.errors[0].reason.find(tc.reason), std::string::npos) << c.errors[0].reason;
  }
}

}  // namespace
}  // namespace byline
