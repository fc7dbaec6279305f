// Helpers shared by the test suites: status assertions, temporary
// directories, and sample articles.
#ifndef BYLINE_TESTS_TESTUTIL_H_
#define BYLINE_TESTS_TESTUTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"

// ASSERT_OK(status_or_result) / EXPECT_OK(...): prints the status on failure.
#define ASSERT_OK(expr) ASSERT_PRED_FORMAT1(::byline::testing::AssertOk, expr)
#define EXPECT_OK(expr) EXPECT_PRED_FORMAT1(::byline::testing::AssertOk, expr)

namespace byline::testing {

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}
template <typename T>
::testing::AssertionResult AssertOk(const char* expr, const T& value) {
  const Status& s = StatusOf(value);
  if (s.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expr << " failed: " << s.ToString();
}

// A fresh directory under $TMPDIR, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path()/name
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Every regular file under `dir` (recursively) and its bytes, by path: two
// snapshots are equal when nothing was written, created or removed.
std::map<std::string, std::string> SnapshotFiles(const std::string& dir);

// Writes `text` to `path` (overwriting).
void WriteFile(const std::string& path, const std::string& text);
std::string ReadFile(const std::string& path);

// A valid article with the given id; the other fields are filled in.
Article MakeArticle(const std::string& id, const std::string& title, const std::string& body);

// The article as one canonical JSON Lines line (with trailing newline).
std::string ToJsonLine(const Article& article);

// `count` articles, ids MARKER-0 ..., all about a harbour and holding the
// marker word, as JSON Lines.
std::string HarbourCorpus(const std::string& marker, int count);

// Articles in the index in `dir`, and whether it holds the id (read afresh).
uint64_t ArticleCount(const std::string& dir);
bool IndexHas(const std::string& dir, const std::string& id);

// Absolute path of the repository's data/ folder.
std::string DataDir();

// Indexes data/articles.jsonl into the index in `dir` (created if missing),
// failing the test on any error.
void IndexSampleArticles(const std::string& dir);

// Replaces the index in `dir` by a new generation holding only `articles`,
// as --reindex does (BulkBuilder), failing the test on any error.
void Rebuild(const std::string& dir, const std::vector<Article>& articles);

}  // namespace byline::testing

#endif  // BYLINE_TESTS_TESTUTIL_H_
