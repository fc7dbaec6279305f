// A site's files: URLs from their paths (--base-url, --url-template) and
// which files a directory walk reads (--include, --exclude).
#include "byline/site_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "byline/ingest.h"
#include "testutil.h"

namespace byline {
namespace {

FileUrls Urls(const std::string& base, const std::string& url_template = "") {
  auto urls = FileUrls::Make(base, url_template);
  EXPECT_TRUE(urls.ok()) << urls.status().message();
  return urls.ok() ? *urls : FileUrls();
}

TEST(FileUrlsTest, DefaultKeepsHtmlAndTurnsMarkdownIntoHtml) {
  const FileUrls urls = Urls("https://example.com/docs/");
  EXPECT_EQ(urls.UrlFor("api/fs.html"), "https://example.com/docs/api/fs.html");
  EXPECT_EQ(urls.UrlFor("old.htm"), "https://example.com/docs/old.htm");
  EXPECT_EQ(urls.UrlFor("guide/intro.md"), "https://example.com/docs/guide/intro.html");
  EXPECT_EQ(urls.UrlFor("guide/intro.markdown"), "https://example.com/docs/guide/intro.html");
  EXPECT_EQ(urls.UrlFor("notes/readme.txt"), "https://example.com/docs/notes/readme.txt");
  EXPECT_EQ(urls.UrlFor("index.html"), "https://example.com/docs/index.html");
  EXPECT_EQ(urls.UrlFor("a/page.html.gz"), "https://example.com/docs/a/page.html");
  EXPECT_EQ(urls.UrlFor("a/post.md.gz"), "https://example.com/docs/a/post.html");
}

TEST(FileUrlsTest, BaseWithoutTrailingSlashNamesADirectory) {
  EXPECT_EQ(Urls("https://example.com/docs").UrlFor("a.html"), "https://example.com/docs/a.html");
  EXPECT_EQ(Urls("http://example.com").UrlFor("a.md"), "http://example.com/a.html");
  EXPECT_EQ(Urls("https://example.com/docs").base(), "https://example.com/docs/");
  // Non-ASCII in the base or a template's text is percent-encoded as UTF-8.
  EXPECT_EQ(
      Urls("https://example.com/caf\xC3\xA9", "{base}d\xC3\xA9j\xC3\xA0/{stem}").UrlFor("a.md"),
      "https://example.com/caf%C3%A9/d%C3%A9j%C3%A0/a");
}

TEST(FileUrlsTest, PathSegmentsArePercentEncodedAndSlashesKept) {
  const FileUrls urls = Urls("https://example.com/");
  EXPECT_EQ(urls.UrlFor("my notes/a b.html"), "https://example.com/my%20notes/a%20b.html");
  EXPECT_EQ(urls.UrlFor("caf\xC3\xA9/na\xC3\xAFve.md"),
            "https://example.com/caf%C3%A9/na%C3%AFve.html");
  EXPECT_EQ(urls.UrlFor("100%/q?#.html"), "https://example.com/100%25/q%3F%23.html");
  EXPECT_EQ(PercentEncodePath("a-b_c.d~e/f(1)+g=h:i@j"), "a-b_c.d~e/f(1)+g=h:i@j");
  EXPECT_EQ(PercentEncodePath("a\"b<c>d\\e^f`g{h}i|j"), "a%22b%3Cc%3Ed%5Ce%5Ef%60g%7Bh%7Di%7Cj");
}

TEST(FileUrlsTest, TemplatesChooseTheShape) {
  EXPECT_EQ(Urls("https://e.com/", "{base}{dir}{stem}/").UrlFor("guide/intro.md"),
            "https://e.com/guide/intro/");
  EXPECT_EQ(Urls("https://e.com/", "{base}{dir}{stem}/").UrlFor("top.html"), "https://e.com/top/");
  EXPECT_EQ(Urls("https://e.com/src/", "{base}{path}").UrlFor("guide/intro.md"),
            "https://e.com/src/guide/intro.md");
  EXPECT_EQ(Urls("https://e.com/", "{base}{dir}{name}?ext={ext}").UrlFor("a b/x.txt"),
            "https://e.com/a%20b/x.txt?ext=txt");
  EXPECT_EQ(Urls("https://e.com/", "{base}{stem}{ext}").UrlFor("README"), "https://e.com/README");
}

TEST(FileUrlsTest, BadBaseOrTemplateIsRefusedSayingWhy) {
  for (const char* base :
       {"example.com/docs", "ftp://example.com/", "/docs/", "https://", "https:///docs",
        "https://e.com/a b", "https://e.com/?q=1", "https://e.com/#top", ""}) {
    auto urls = FileUrls::Make(base, "");
    ASSERT_FALSE(urls.ok()) << base;
    EXPECT_EQ(urls.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(urls.status().message().find("--base-url"), std::string::npos)
        << urls.status().message();
  }
  EXPECT_TRUE(FileUrls::Make("HTTPS://Example.com/x", "").ok());

  auto unknown = FileUrls::Make("https://e.com/", "{base}{folder}/{stem}{slug}");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("{folder}, {slug}"), std::string::npos)
      << unknown.status().message();
  for (const char* bad :
       {"{base}{dir", "{base}}x", "{path}", "https://e.com/{path}", "{base}{dir} {stem}"}) {
    auto urls = FileUrls::Make("https://e.com/", bad);
    EXPECT_FALSE(urls.ok()) << bad;
    if (!urls.ok()) {
      EXPECT_NE(urls.status().message().find("--url-template"), std::string::npos);
    }
  }
}

TEST(FileUrlsTest, EncodeDecodeRoundTrips) {
  const FileUrls urls = Urls("https://e.com/d", "{base}{dir}{stem}/");
  auto back = FileUrls::Decode(urls.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, urls);
  EXPECT_TRUE(FileUrls::Decode("")->empty());
  EXPECT_EQ(FileUrls::Decode("garbage").status().code(), StatusCode::kCorruption);
}

TEST(FileUrlsTest, StoredUrlsAreKeptAndADifferentOneNeedsARebuild) {
  const FileUrls stored = Urls("https://e.com/docs/", "{base}{dir}{stem}/");
  // Nothing given: the stored ones.
  EXPECT_EQ(*ChooseFileUrls(stored, "", "", false), stored);
  EXPECT_TRUE(ChooseFileUrls(FileUrls(), "", "", false)->empty());
  // The same given again (its trailing '/' left out), or only the base:
  // the stored template stays.
  EXPECT_EQ(*ChooseFileUrls(stored, "https://e.com/docs", "", false), stored);
  // Different: refused on an update, naming both and --reindex.
  auto other = ChooseFileUrls(stored, "https://e.com/new/", "", false);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("https://e.com/new/"), std::string::npos);
  EXPECT_NE(other.status().message().find("https://e.com/docs/"), std::string::npos);
  EXPECT_NE(other.status().message().find("--reindex"), std::string::npos);
  auto other_template = ChooseFileUrls(stored, "", "{base}{page}", false);
  ASSERT_FALSE(other_template.ok());
  EXPECT_NE(other_template.status().message().find("--url-template"), std::string::npos);
  // A rebuild may change them.
  auto rebuilt = ChooseFileUrls(stored, "https://e.com/new/", "", true);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(rebuilt->base(), "https://e.com/new/");
  EXPECT_EQ(rebuilt->url_template(), "{base}{dir}{stem}/");
  // First given: taken, default template.
  auto first = ChooseFileUrls(FileUrls(), "https://e.com/", "", false);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->url_template(), kDefaultUrlTemplate);
  // A template alone needs a base from somewhere.
  EXPECT_FALSE(ChooseFileUrls(FileUrls(), "", "{base}{path}", false).ok());
}

TEST(ResolveUrlTest, RelativeLinksResolveAgainstTheFilesUrl) {
  const std::string base = "https://e.com/docs/guide/intro.html";
  EXPECT_EQ(ResolveUrl(base, "https://other.org/x"), "https://other.org/x");
  EXPECT_EQ(ResolveUrl(base, "mailto:a@b.c"), "mailto:a@b.c");
  EXPECT_EQ(ResolveUrl(base, "/root.html"), "https://e.com/root.html");
  EXPECT_EQ(ResolveUrl(base, "//cdn.e.com/a"), "https://cdn.e.com/a");
  EXPECT_EQ(ResolveUrl(base, "next.html"), "https://e.com/docs/guide/next.html");
  EXPECT_EQ(ResolveUrl(base, "./next.html#s"), "https://e.com/docs/guide/next.html#s");
  EXPECT_EQ(ResolveUrl(base, "../api/fs.html?v=2"), "https://e.com/docs/api/fs.html?v=2");
  EXPECT_EQ(ResolveUrl(base, "../../../../up.html"), "https://e.com/up.html");
  EXPECT_EQ(ResolveUrl(base, ".."), "https://e.com/docs/");
  EXPECT_EQ(ResolveUrl(base, "#top"), "https://e.com/docs/guide/intro.html#top");
  EXPECT_EQ(ResolveUrl("https://e.com", "a.html"), "https://e.com/a.html");
}

TEST(GlobTest, StarsStayWithinASegment) {
  EXPECT_TRUE(GlobMatches("api/*.html", "api/fs.html", false));
  EXPECT_FALSE(GlobMatches("api/*.html", "api/v2/fs.html", false));
  EXPECT_FALSE(GlobMatches("api/*.html", "docs/api/fs.html", false));
  EXPECT_TRUE(GlobMatches("api/all.html", "api/all.html", false));
  EXPECT_TRUE(GlobMatches("/api/all.html", "api/all.html", false));
  EXPECT_TRUE(GlobMatches("a?c/[xy]*.md", "abc/y1.md", false));
  EXPECT_FALSE(GlobMatches("a?c/[!xy]*.md", "abc/y1.md", false));
}

TEST(GlobTest, DoubleStarMatchesAnyDepthIncludingNone) {
  EXPECT_TRUE(GlobMatches("**/all.html", "all.html", false));
  EXPECT_TRUE(GlobMatches("**/all.html", "api/all.html", false));
  EXPECT_TRUE(GlobMatches("**/all.html", "a/b/c/all.html", false));
  EXPECT_TRUE(GlobMatches("docs/**/*.md", "docs/x.md", false));
  EXPECT_TRUE(GlobMatches("docs/**/*.md", "docs/a/b/x.md", false));
  EXPECT_FALSE(GlobMatches("docs/**/*.md", "other/docs/x.md", false));
  EXPECT_TRUE(GlobMatches("docs/**", "docs/a/b/x.md", false));
  EXPECT_FALSE(GlobMatches("docs/**/x.md", "docs/a/b/y.md", false));
  EXPECT_TRUE(GlobMatches("a/**/**/b", "a/b", false));
}

TEST(GlobTest, PatternWithoutSlashMatchesTheNameAtAnyDepth) {
  EXPECT_TRUE(GlobMatches("*.txt", "notes.txt", false));
  EXPECT_TRUE(GlobMatches("*.txt", "a/b/notes.txt", false));
  EXPECT_FALSE(GlobMatches("*.txt", "a.txt/notes.md", false));
  EXPECT_TRUE(GlobMatches("drafts", "blog/drafts", true));
  EXPECT_FALSE(GlobMatches("*.TXT", "notes.txt", false));  // case-sensitive
}

TEST(GlobTest, TrailingSlashMatchesDirectoriesOnly) {
  EXPECT_TRUE(GlobMatches("drafts/", "blog/drafts", true));
  EXPECT_FALSE(GlobMatches("drafts/", "blog/drafts", false));
  EXPECT_TRUE(GlobMatches("blog/drafts/", "blog/drafts", true));
}

TEST(PathFilterTest, ExcludeWinsAndIncludeAppliesToFilesOnly) {
  auto filter = PathFilter::Make({"*.html", "guide/**"}, {"api/all.html", "drafts"});
  ASSERT_TRUE(filter.ok());
  EXPECT_TRUE(filter->Keeps("api/fs.html", false));
  EXPECT_FALSE(filter->Keeps("api/all.html", false));  // included by *.html, excluded
  EXPECT_TRUE(filter->Keeps("guide/notes.txt", false));
  EXPECT_FALSE(filter->Keeps("notes.txt", false));  // in no include pattern
  EXPECT_TRUE(filter->Keeps("api", true));          // directories: only excludes
  EXPECT_FALSE(filter->Keeps("blog/drafts", true));
  EXPECT_TRUE(PathFilter().Keeps("anything/at/all.md", false));
  // An include pattern naming a directory includes what is in it.
  auto dirs = PathFilter::Make({"guide/", "docs/api"}, {});
  ASSERT_TRUE(dirs.ok());
  EXPECT_TRUE(dirs->Keeps("guide/a.md", false));
  EXPECT_TRUE(dirs->Keeps("en/guide/deep/b.html", false));
  EXPECT_TRUE(dirs->Keeps("docs/api/x/fs.html", false));
  EXPECT_FALSE(dirs->Keeps("docs/guide.md", false));
  EXPECT_FALSE(dirs->Keeps("api/fs.html", false));
  EXPECT_FALSE(PathFilter::Make({}, {""}).ok());
  EXPECT_FALSE(PathFilter::Make({"/"}, {}).ok());
}

TEST(PathFilterTest, WalkSkipsExcludedDirectoriesAndGivesUrls) {
  namespace fs = std::filesystem;
  testing::TempDir dir;
  fs::create_directories(dir.File("site/api"));
  fs::create_directories(dir.File("site/drafts/deep"));
  testing::WriteFile(dir.File("site/api/all.html"), "<title>All</title><p>everything</p>");
  testing::WriteFile(dir.File("site/api/fs.html"), "<title>FS</title><p>files</p>");
  testing::WriteFile(dir.File("site/drafts/a.md"), "# Draft\nnot yet\n");
  testing::WriteFile(dir.File("site/drafts/deep/b.md"), "# Draft\nnot yet\n");
  testing::WriteFile(dir.File("site/intro.md"),
                     "---\nurl: https://own.example/intro\n---\n# I\nx\n");
  testing::WriteFile(dir.File("site/notes.txt"), "Notes\nsome text\n");
  testing::WriteFile(dir.File("site/api/rel.html"),
                     "<link rel=\"canonical\" href=\"../v2/rel.html\"><title>R</title><p>r</p>");
  testing::WriteFile(dir.File("site/data.jsonl"),
                     "{\"id\":\"j1\",\"title\":\"J\",\"body\":\"json body\"}\n");
  ReadOptions options;
  options.path_filter = *PathFilter::Make({}, {"api/all.html", "drafts/"});
  options.file_urls = Urls("https://e.com/docs");
  WalkCounts counts;
  options.walk_counts = &counts;
  std::vector<Article> articles;
  std::vector<RecordError> errors;
  ASSERT_TRUE(ReadInput(
                  dir.File("site"), options, [&](Article&& a) { articles.push_back(a); },
                  [&](const RecordError& e) { errors.push_back(e); })
                  .ok());
  EXPECT_TRUE(errors.empty());
  std::map<std::string, std::string> urls;
  for (const auto& a : articles) urls[a.id] = a.url;
  EXPECT_EQ(urls, (std::map<std::string, std::string>{
                      {"api/fs", "https://e.com/docs/api/fs.html"},
                      {"api/rel", "https://e.com/docs/v2/rel.html"},  // resolved
                      {"intro", "https://own.example/intro"},         // front matter wins
                      {"notes", "https://e.com/docs/notes.txt"},
                      {"j1", ""},  // JSON records get no file URL
                  }));
  EXPECT_EQ(counts.files, 5u);
  EXPECT_EQ(counts.excluded, 2u);  // api/all.html and drafts (once)

  // A file given by name: not filtered, and its URL is its file name's.
  articles.clear();
  ASSERT_TRUE(ReadInput(
                  dir.File("site/api/all.html"), options,
                  [&](Article&& a) { articles.push_back(a); }, [](const RecordError&) {})
                  .ok());
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].url, "https://e.com/docs/all.html");
}

}  // namespace
}  // namespace byline
