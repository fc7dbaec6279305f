// Helpers shared by the test suites: status assertions, temporary
// directories, sample articles, building and opening an index, and running
// the programs.
#ifndef BYLINE_TESTS_TESTUTIL_H_
#define BYLINE_TESTS_TESTUTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/ingest.h"
#include "byline/options.h"
#include "byline/searcher.h"
#include "byline/status.h"

// ASSERT_OK(status_or_result) / EXPECT_OK(...): prints the status on failure.
#define ASSERT_OK(expr) ASSERT_PRED_FORMAT1(::byline::testing::AssertOk, expr)
#define EXPECT_OK(expr) EXPECT_PRED_FORMAT1(::byline::testing::AssertOk, expr)

namespace byline::testing {

// What a reader handed over: its articles and its errors.
struct Collected {
  std::vector<Article> articles;
  std::vector<RecordError> errors;
  ArticleCallback OnArticle() {
    return [this](Article&& a) { articles.push_back(std::move(a)); };
  }
  ErrorCallback OnError() {
    return [this](const RecordError& e) { errors.push_back(e); };
  }
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const auto& a : articles) ids.push_back(a.id);
    return ids;
  }
};

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

// Upserts `articles` into the index in `dir` (created if missing) with one
// IndexWriter and commits, failing the test on any error (wrap it in
// ASSERT_NO_FATAL_FAILURE to stop there).
void BuildIndex(const std::string& dir, const std::vector<Article>& articles);

// SearchOptions with reopen_interval_seconds 0: each search sees the last commit.
SearchOptions FreshSearchOptions();

// A searcher on the index in `dir`, or null (failing the test, with the
// status) when it cannot be opened.
std::unique_ptr<Searcher> OpenSearcher(const std::string& dir,
                                       const SearchOptions& options = FreshSearchOptions());

// Path of a built program (byline-indexer, byline-searchd, byline-search).
std::string ProgramPath(const std::string& name);

// Runs a program to completion; returns its exit status and fills what it
// printed (stdout and stderr together, unless `stderr_out` is given).
int RunProgram(const std::vector<std::string>& argv, std::string* output,
               const std::string& stdin_text = "", std::string* stderr_out = nullptr);

// Runs byline-indexer with `args` (after the program name); returns its exit
// status, with what it printed on stderr in `err` (its stdout is dropped).
int RunIndexer(std::vector<std::string> args, std::string* err, const std::string& stdin_text = "");

// Runs byline-search with `args` (after the program name); returns its exit
// status, with what it printed in `out` (stderr too, unless `err` is given).
int RunSearch(std::vector<std::string> args, std::string* out, const std::string& stdin_text = "",
              std::string* err = nullptr);

// The value of one sample line ("name{labels} value") of a Prometheus text
// (GET /metrics), or -1 when there is none.
double MetricSample(const std::string& text, const std::string& series);

}  // namespace byline::testing

#endif  // BYLINE_TESTS_TESTUTIL_H_
