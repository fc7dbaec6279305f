// JSON records whose bodies are HTML or Markdown (--body-format and the
// per-record "body_format"), Markdown's HTML comments and raw HTML, and the
// charsets of HTML pages.
#include <gtest/gtest.h>
#include <iconv.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "byline/article_batch.h"
#include "byline/ingest.h"
#include "ingest/body_format.h"
#include "ingest/charset.h"
#include "ingest/html_text.h"
#include "testutil.h"

namespace byline {
namespace {

using nlohmann::json;

std::string Record(const std::string& body, const std::string& format = "",
                   const std::string& title = "T") {
  json record = {{"id", "a"}, {"title", title}, {"body", body}};
  if (!format.empty()) record["body_format"] = format;
  return record.dump();
}

Article Parse(const std::string& body, const std::string& format = "",
              BodyFormat flag = BodyFormat::kAuto, const std::string& title = "T") {
  auto article = ParseArticleJson(Record(body, format, title), {}, flag);
  EXPECT_TRUE(article.ok()) << article.status().message();
  return article.ok() ? std::move(article).value() : Article();
}

// `utf8` in `charset`, converted by iconv: test data in another encoding.
std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* to = out.data();
  size_t to_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &to, &to_left), static_cast<size_t>(-1)) << charset;
  out.resize(out.size() - to_left);
  iconv_close(cd);
  return out;
}

using testing::Collected;

Collected Html(const std::string& bytes) {
  Collected c;
  ReadHtml(bytes, "page.html", "page", c.OnArticle(), c.OnError());
  return c;
}

TEST(BodyFormatTest, HtmlBodyBecomesTheTextAnHtmlFileWouldGive) {
  const std::string html =
      "<p>Hello <b>world</b> &amp; friends&nbsp;&#8212; caf&eacute;</p>"
      "<script>var hidden = 1;</script><nav>menu words</nav><ul><li>one</li><li>two</li></ul>";
  Article a = Parse(html, "html", BodyFormat::kText);
  EXPECT_EQ(a.body, "Hello world & friends\xC2\xA0\xE2\x80\x94 caf\xC3\xA9\n\none\n\ntwo");
  // The same conversion as a page's body.
  EXPECT_EQ(a.body, ingest::HtmlToText(html));
  Collected page = Html("<title>T</title><body>" + html + "</body>");
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].body, a.body);
}

TEST(BodyFormatTest, AutoReadsPlainHtmlAsHtmlAndLeavesTextAlone) {
  struct Case {
    std::string body;
    bool html;
  } cases[] = {
      {"<p>Hello <b>world", true},         // starts with a tag
      {"Hello <b>world</b> again", true},  // an end tag
      {"Read <a href=\"https://x.org\">this</a>", true},
      {"Line one<br>Line two", true},
      {"Tom &amp; Jerry &#8217;s", true},  // escaped text, no tag to lose
      {"<!-- wp:paragraph --> Words <!-- /wp:paragraph -->", true},
      {"x < y and y > z", false},
      {"List<T> and Map<K, V> in Java", false},
      {"if a<b and c>d then stop", false},
      {"Use the <div> element for blocks", false},  // prose about HTML
      {"Vec<Source> and Option<Strong>", false},
      {"AT&T and R&D; 3 < 4", false},
      {"a <= b, b >= c, x<3", false},
      {"Tom &amp; Jerry, a < b", true},       // gumbo reads "< b" as text
      {"Escaped &amp; but a<b here", false},  // an entity, and a '<' that could open a tag
      {"plain words only", false},
      {"<!DOCTYPE html><title>T</title><p>A page", true},
      {"Intro <a href=\"/x\">link</a>.\n\nMore <em>words</em></p>.\n\nEnd.", true},
      // Texts about HTML quoting it: markup in one paragraph of several, or a quoted page.
      {"Empty tags.\n\nAnother is <hr /> which draws a line.\n\nThe end.", false},
      {"A page:\n\n<!DOCTYPE html>\n\n<html>\n\n<title>Hi</title>\n\n<p>Hi</p>\n\n</html>", false},
      {"An image:\n\n<svg width=\"8\">\n\n<!-- shapes -->\n\n</svg>\n\nDone.", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ingest::LooksLikeHtml(c.body), c.html) << c.body;
    Article a = Parse(c.body);
    if (c.html) {
      EXPECT_EQ(a.body, ingest::HtmlToText(c.body));
      EXPECT_NE(a.body, c.body);
      EXPECT_EQ(a.body.find("<b>"), std::string::npos) << c.body << " -> " << a.body;
      EXPECT_EQ(a.body.find("&amp;"), std::string::npos) << c.body << " -> " << a.body;
    } else {
      EXPECT_EQ(a.body, c.body);  // kept exactly as written
    }
  }
}

TEST(BodyFormatTest, RecordFieldWinsOverTheFlagAndIsNotKept) {
  const std::string html = "<p>Hello <b>world</b></p>";
  EXPECT_EQ(Parse(html, "", BodyFormat::kText).body, html);
  EXPECT_EQ(Parse(html, "", BodyFormat::kHtml).body, "Hello world");
  EXPECT_EQ(Parse(html, "text", BodyFormat::kHtml).body, html);
  EXPECT_EQ(Parse(html, "html", BodyFormat::kText).body, "Hello world");
  EXPECT_EQ(Parse("x < y", "auto", BodyFormat::kHtml).body, "x < y");
  EXPECT_EQ(Parse("*Big* news <!-- c -->", "markdown", BodyFormat::kText).body, "Big news");
  Article a = Parse(html, "html");
  for (const auto& [name, value] : a.extra_fields) EXPECT_NE(name, "body_format") << value;

  auto bad = ParseArticleJson(Record(html, "rtf"), {}, BodyFormat::kAuto);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"body_format\""), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("rtf"), std::string::npos);
  bad = ParseArticleJson(R"({"id":"a","title":"T","body":"x","body_format":3})", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"body_format\" must be a string"), std::string::npos);
  // Markup with no text in it is a record error, not an empty article.
  bad = ParseArticleJson(Record("<script>x()</script><img src=a.png>", "html"), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no text once read as HTML"), std::string::npos)
      << bad.status().message();
}

TEST(BodyFormatTest, TitlesOfHtmlRecordsHaveEntitiesDecoded) {
  EXPECT_EQ(Parse("<p>b</p>", "", BodyFormat::kAuto, "Tom &amp; Jerry&#8217;s <em>day</em>").title,
            "Tom & Jerry\xE2\x80\x99s day");
  // A title that is not HTML is kept, as is any title of a text body.
  EXPECT_EQ(Parse("<p>b</p>", "", BodyFormat::kAuto, "Why a<b matters").title, "Why a<b matters");
  EXPECT_EQ(Parse("plain", "", BodyFormat::kAuto, "Tom &amp; Jerry").title, "Tom &amp; Jerry");
}

TEST(BodyFormatTest, MarkdownBodyWithoutTitleTakesItsHeading) {
  auto a = ParseArticleJson(
      R"({"id":"a","body":"# The heading\n\nSome `<b>code</b>` text","body_format":"markdown"})",
      {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->title, "The heading");
  EXPECT_EQ(a->body, "Some <b>code</b> text");
}

TEST(BodyFormatTest, BatchReaderAndReadersUseTheFormatGiven) {
  const std::string text =
      R"({"id":"a","title":"T","body":"<p>One <i>two</i></p>"})"
      "\n"
      R"({"id":"b","title":"T","body":"<p>One <i>two</i></p>","body_format":"text"})"
      "\n";
  std::vector<Article> got;
  std::vector<BatchRecordError> errors;
  BatchReader reader(
      "body", {}, [&](Article&& a, size_t) { got.push_back(std::move(a)); },
      [&](const BatchRecordError& e) { errors.push_back(e); }, BodyFormat::kAuto);
  reader.Feed(text);
  ASSERT_OK(reader.Finish());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(got[0].body, "One two");
  EXPECT_EQ(got[1].body, "<p>One <i>two</i></p>");

  ReadOptions options;
  options.body_format = BodyFormat::kText;
  std::istringstream in(Record("<p>One</p>"));
  Collected c;
  ASSERT_OK(ReadJsonLinesWithOptions(in, "in.jsonl", options, c.OnArticle(), c.OnError()));
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "<p>One</p>");
}

TEST(BodyFormatTest, HostileBodiesTakeLinearTime) {
  // Quadratic scanning would take minutes on these; each is one long line.
  std::string opens, quotes;
  for (int i = 0; i < 200000; ++i) opens += "<a x";
  for (int i = 0; i < 100000; ++i) quotes += "<a b=\"c <!--";
  EXPECT_FALSE(ingest::LooksLikeHtml(opens));
  EXPECT_FALSE(ingest::LooksLikeHtml(quotes));
  auto a = ParseArticleJson(Record(opens, "markdown"), {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->body, opens);
  a = ParseArticleJson(Record(quotes, "markdown"), {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->body, "<a b=\"c");  // up to the comment that never ends
  // Many comment openers and one end far behind them: "-->" is searched
  // for once, not once per opener; the answer is the short text's.
  std::string comments = "x ";
  for (int i = 0; i < 200000; ++i) comments += "<!--";
  EXPECT_EQ(ingest::LooksLikeHtml(comments + "-->"), ingest::LooksLikeHtml("x <!--<!---->"));
}

TEST(BodyFormatTest, ParsesItsNames) {
  EXPECT_EQ(*ParseBodyFormat("html"), BodyFormat::kHtml);
  EXPECT_EQ(*ParseBodyFormat("markdown"), BodyFormat::kMarkdown);
  EXPECT_EQ(*ParseBodyFormat("md"), BodyFormat::kMarkdown);
  EXPECT_EQ(*ParseBodyFormat("text"), BodyFormat::kText);
  EXPECT_EQ(*ParseBodyFormat("auto"), BodyFormat::kAuto);
  EXPECT_FALSE(ParseBodyFormat("HTML5").ok());
}

Collected Markdown(const std::string& text) {
  Collected c;
  ReadMarkdown(text, "doc.md", "doc", {}, c.OnArticle(), c.OnError());
  return c;
}

TEST(MarkdownHtmlTest, CommentsAndRawHtmlTagsGoTheirTextStays) {
  auto c = Markdown(
      "# fs.readFile\n"
      "<!-- YAML\n"
      "added: v0.1.29\n"
      "changes:\n"
      "  - version: v10.0.0\n"
      "-->\n"
      "Reads a file. <!-- inline note --> Asynchronously.\n"
      "<div class=\"warning\" id='w1'>\n"
      "Careful <span style=\"color:red\">here</span>,<br/>really.\n"
      "</div>\n"
      "<script>\nvar secret = 1;\n</script>\n"
      "Tom &amp; Jerry &mdash; x < y and y > z, a<3.\n"
      "<details><summary>More</summary>Hidden text</details>\n");
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.articles.size(), 1u);
  const std::string& body = c.articles[0].body;
  EXPECT_EQ(c.articles[0].title, "fs.readFile");
  for (const char* gone : {"YAML", "added", "v10.0.0", "-->", "<!--", "inline note", "<div",
                           "class", "</div>", "<span", "<br", "secret", "&amp;"}) {
    EXPECT_EQ(body.find(gone), std::string::npos) << gone << " in: " << body;
  }
  for (const char* kept :
       {"Reads a file.", "Asynchronously.", "Careful here,", "really.",
        "Tom & Jerry \xE2\x80\x94 x < y and y > z, a<3.", "More", "Hidden text"}) {
    EXPECT_NE(body.find(kept), std::string::npos) << kept << " not in: " << body;
  }
}

TEST(MarkdownHtmlTest, CodeSpansAndFencedCodeStayAsWritten) {
  auto c = Markdown(
      "# Code\n"
      "Use `<div class=\"x\">` and ``a `<!-- b -->` c`` here.\n"
      "```html\n"
      "<!-- a comment in code -->\n"
      "<p>*not emphasis* &amp;</p>\n"
      "```\n"
      "~~~~\n"
      "```\n"
      "<br> still code\n"
      "~~~~\n"
      "After <b>bold</b>.\n");
  ASSERT_EQ(c.articles.size(), 1u);
  const std::string& body = c.articles[0].body;
  EXPECT_NE(body.find("Use <div class=\"x\"> and a `<!-- b -->` c here."), std::string::npos)
      << body;
  EXPECT_NE(body.find("<!-- a comment in code -->\n<p>*not emphasis* &amp;</p>"), std::string::npos)
      << body;
  EXPECT_NE(body.find("```\n<br> still code"), std::string::npos) << body;
  EXPECT_NE(body.find("After bold."), std::string::npos) << body;
}

TEST(MarkdownHtmlTest, AnUnclosedCommentHidesTheRestAsBrowsersDo) {
  auto c = Markdown("# T\nVisible text.\n<!-- never closed\nhidden\n");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "Visible text.");
}

TEST(CharsetTest, DeclaredLegacyCharsetsAreConverted) {
  // windows-1252 bytes: é, “ ” (0x93 0x94, which ISO-8859-1 leaves undefined) and €.
  const std::string cp1252 =
      "Caf\xE9 \x93quoted\x94 \x80"
      "5";
  const std::string want =
      "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC"
      "5";
  for (const std::string& meta :
       {std::string("<meta charset=\"windows-1252\">"), std::string("<META CHARSET=cp1252>"),
        // WHATWG: the iso-8859-1 and us-ascii labels mean windows-1252.
        std::string("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"),
        std::string("<meta content='text/html;charset=us-ascii' http-equiv='content-type'>")}) {
    auto c = Html("<html><head>" + meta + "<title>T " + cp1252 + "</title></head><body><p>" +
                  cp1252 + "</p></body></html>");
    ASSERT_TRUE(c.errors.empty()) << meta << ": " << c.errors[0].ToString();
    ASSERT_EQ(c.articles.size(), 1u);
    EXPECT_EQ(c.articles[0].body, want) << meta;
    EXPECT_EQ(c.articles[0].title, "T " + want) << meta;
  }
  // iso-8859-15 has € at 0xA4; Shift_JIS and UTF-16 are multi-byte.
  const std::string words = "\xE2\x82\xAC 10, caf\xC3\xA9";
  auto c =
      Html("<meta charset=iso-8859-15><title>T</title><p>" + Encode(words, "ISO-8859-15") + "</p>");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, words);
  const std::string japanese = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87";
  c = Html("<meta charset=\"shift_jis\"><title>T</title><p>" + Encode(japanese, "SHIFT_JIS") +
           "</p>");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, japanese);
  const std::string page = "<title>Wide</title><p>na\xC3\xAFve " + japanese + "</p>";
  c = Html("\xFF\xFE" + Encode(page, "UTF-16LE"));
  ASSERT_EQ(c.articles.size(), 1u) << (c.errors.empty() ? "" : c.errors[0].ToString());
  EXPECT_EQ(c.articles[0].title, "Wide");
  EXPECT_EQ(c.articles[0].body, "na\xC3\xAFve " + japanese);
  c = Html("\xFE\xFF" + Encode(page, "UTF-16BE"));
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "na\xC3\xAFve " + japanese);
}

TEST(CharsetTest, Utf8IsReadAsItIs) {
  const std::string text = "caf\xC3\xA9 \xE2\x80\x9Cx\xE2\x80\x9D";
  // Undeclared, declared, a BOM, and mislabelled: UTF-8 bytes stay UTF-8.
  for (const std::string& start :
       {std::string(), std::string("<meta charset=utf-8>"), std::string("\xEF\xBB\xBF"),
        std::string("<meta charset=windows-1252>"), std::string("<meta charset=no-such-set>")}) {
    auto c = Html(start + "<title>T</title><p>" + text + "</p>");
    ASSERT_EQ(c.articles.size(), 1u) << start;
    EXPECT_EQ(c.articles[0].body, text) << start;
  }
}

TEST(CharsetTest, UnreadableBytesAreClearErrors) {
  auto c = Html("<meta charset=\"x-klingon\"><title>T</title><p>caf\xE9</p>");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].ToString().find("page.html: "), std::string::npos);
  EXPECT_NE(c.errors[0].reason.find("charset \"x-klingon\""), std::string::npos)
      << c.errors[0].reason;
  c = Html("<title>T</title>\n<p>one</p>\n<p>caf\xE9</p>");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].reason.find("not valid UTF-8 at line 3, byte 35"), std::string::npos)
      << c.errors[0].reason;
  EXPECT_NE(c.errors[0].reason.find("declares no charset"), std::string::npos);
  c = Html("<meta charset=utf-8><title>T</title><p>caf\xE9</p>");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].reason.find("declares charset \"utf-8\""), std::string::npos)
      << c.errors[0].reason;

  Collected text;
  ReadPlainText("Title\nfine\nbad \xE9 byte\n", "notes.txt", "notes", text.OnArticle(),
                text.OnError());
  ASSERT_EQ(text.errors.size(), 1u);
  EXPECT_NE(text.errors[0].reason.find("not valid UTF-8 at line 3, byte 16"), std::string::npos)
      << text.errors[0].reason;
  Collected md = Markdown("# T\n\xFF\n");
  ASSERT_EQ(md.errors.size(), 1u);
  EXPECT_NE(md.errors[0].reason.find("not valid UTF-8 at line 2, byte 5"), std::string::npos)
      << md.errors[0].reason;
  // A text file with a UTF-16 byte order mark is read.
  Collected wide;
  ReadPlainText("\xFF\xFE" + Encode("Title\nBody \xC3\xA9\n", "UTF-16LE"), "w.txt", "w",
                wide.OnArticle(), wide.OnError());
  ASSERT_EQ(wide.articles.size(), 1u);
  EXPECT_EQ(wide.articles[0].body, "Body \xC3\xA9");

  auto record = ParseArticleJson("{\"id\":\"a\",\"title\":\"caf\xE9\",\"body\":\"x\"}", {});
  ASSERT_FALSE(record.ok());
  EXPECT_NE(record.status().message().find("not valid UTF-8: byte 0xE9 at column 23"),
            std::string::npos)
      << record.status().message();
}

TEST(CharsetTest, FindsTheDeclarationAndNamesIconvCharsets) {
  EXPECT_EQ(ingest::DeclaredCharset("<!-- <meta charset=koi8-r> --><meta charset='EUC-JP'>"),
            "EUC-JP");
  EXPECT_EQ(ingest::DeclaredCharset("<meta name=x content=y><p>no charset</p>"), "");
  EXPECT_EQ(ingest::IconvCharsetName("ISO-8859-1"), "WINDOWS-1252");
  EXPECT_EQ(ingest::IconvCharsetName("us-ascii"), "WINDOWS-1252");
  EXPECT_EQ(ingest::IconvCharsetName("iso-8859-15"), "ISO-8859-15");
  EXPECT_EQ(ingest::IconvCharsetName("../../etc/x"), "");
  EXPECT_FALSE(ingest::ConvertToUtf8("x", "NO-SUCH-CHARSET").ok());
  // Bytes windows-1252 leaves undefined become U+FFFD, as browsers show them.
  auto converted = ingest::ConvertToUtf8("a\x81z", "WINDOWS-1252");
  ASSERT_TRUE(converted.ok());
  EXPECT_EQ(*converted, "a\xEF\xBF\xBDz");
}

}  // namespace
}  // namespace byline
