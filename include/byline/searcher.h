// Searcher: answers ranked queries over a Byline index.
//
// Thread safety: a Searcher is NOT safe for concurrent use (Xapian handles are
// not). Give each thread its own, e.g. through a pool. Each Searcher notices
// commits and generation switches by itself (see Refresh()).
#ifndef BYLINE_SEARCHER_H_
#define BYLINE_SEARCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"

namespace byline {

enum class DefaultOp { kAnd, kOr };

struct SearchRequest {
  std::string query;        // user syntax; empty matches every article
  size_t offset = 0;        // first hit to return (0-based)
  size_t limit = 10;        // hits to return
  DefaultOp op = DefaultOp::kAnd;
  bool snippets = true;     // fill title_html and snippet_html
  size_t snippet_chars = 200;
  std::string highlight_start = "<mark>";
  std::string highlight_end = "</mark>";
};

struct Hit {
  std::string id;
  std::string title;
  std::string url;
  std::string published;
  std::string source;
  std::string author;
  std::vector<std::string> tags;
  double score = 0;
  std::string title_html;    // title, HTML-escaped, matches highlighted
  std::string snippet_html;  // window of the body, HTML-escaped, matches highlighted
};

struct SearchResponse {
  uint64_t total = 0;        // matching articles
  bool total_exact = true;   // false when `total` is Xapian's estimate
  bool timed_out = false;    // the time limit cut the match short
  bool fallback_parse = false;  // the query had bad syntax; parsed as plain words
  std::vector<Hit> hits;
};

class Searcher {
 public:
  static Result<std::unique_ptr<Searcher>> Open(const std::string& dir,
                                                 const SearchOptions& options);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs a query. User-typed syntax errors never fail: they fall back to a
  // plain-words parse.
  Result<SearchResponse> Search(const SearchRequest& request);

  // The stored article with this id, or kNotFound.
  Result<Article> GetArticle(const std::string& id);

  // Reopens the database if the index has had a commit or switched
  // generation since the last look (at most once per reopen interval unless
  // `force`). Search and GetArticle call it themselves.
  Status Refresh(bool force = false);

  // What the index holds now (refreshing first). `count_terms` walks the
  // whole term list: slow on big indexes, so only for admin detail.
  Result<IndexStats> Stats(bool count_terms = false);

  // Times this searcher has reopened its database (a new commit or a new
  // generation) since it was opened.
  uint64_t reopen_count() const;

  // Number of articles in the index as last opened.
  uint64_t article_count() const;
  // The generation being read, e.g. "gen-000002".
  const std::string& generation() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_H_
