#include "byline/searcher.h"

#include <sys/stat.h>

#include <chrono>

#include <xapian.h>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "query_builder.h"
#include "relevance_feedback.h"
#include "stored_article.h"
#include "xapian_status.h"

namespace byline {
namespace {

using Clock = std::chrono::steady_clock;

// Identity of the stub file: a rename puts a new inode in place.
struct StubStamp {
  ino_t inode = 0;
  int64_t mtime_ns = 0;
  bool operator==(const StubStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
};

StubStamp StampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

}  // namespace

struct Searcher::Impl {
  IndexLayout layout;
  SearchOptions options;
  Xapian::Database db;
  std::string generation;
  StubStamp stamp;
  Clock::time_point last_check;
  std::unique_ptr<Analyzer> analyzer;
  std::unique_ptr<QueryBuilder> query_builder;

  Impl(std::string dir, const SearchOptions& opts) : layout(std::move(dir)), options(opts) {}

  // Opens the generation the stub points at now. Throws Xapian::Error.
  Status OpenCurrent() {
    StubStamp new_stamp = StampOf(layout.StubPath());
    auto current = layout.CurrentGeneration();
    if (!current.ok()) return current.status();
    db = Xapian::Database(layout.GenerationPath(*current));
    generation = *current;
    stamp = new_stamp;
    std::string language = db.get_metadata(kLanguageMetadataKey);
    if (!analyzer || analyzer->language() != language) {
      analyzer = std::make_unique<Analyzer>(language.empty() ? "english" : language);
    }
    query_builder = std::make_unique<QueryBuilder>(*analyzer, db, options);
    return Status::Ok();
  }

  Status Refresh(bool force) {
    auto now = Clock::now();
    if (!force && now - last_check <
                      std::chrono::duration<double>(options.reopen_interval_seconds)) {
      return Status::Ok();
    }
    last_check = now;
    try {
      if (!(StampOf(layout.StubPath()) == stamp)) {
        auto current = layout.CurrentGeneration();
        if (!current.ok()) return current.status();
        if (*current != generation) return OpenCurrent();
      }
      db.reopen();
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "reopening index " + layout.dir());
    }
  }

  Result<SearchResponse> RunSearch(const SearchRequest& req) {
    SearchResponse response;
    BuiltQuery built = query_builder->Build(req);
    response.fallback_parse = built.fallback;

    Xapian::Enquire enquire(db);
    // BM25 with the usual k1=1.2, b=0.75 (Robertson's defaults, also
    // Lucene's); min_normlen 0.5 keeps very short articles from scoring as if
    // every word were their topic.
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    Xapian::Query query = built.query;
    if (options.expand_long_queries && !built.fallback) {
      FeedbackOptions feedback;
      // An "all words" query keeps its matches; feedback only reorders them.
      feedback.expansion_may_match = req.op == DefaultOp::kOr;
      query = ExpandWithFeedback(&enquire, query, *analyzer, feedback);
    }
    enquire.set_query(query);
    if (options.time_limit_seconds > 0) enquire.set_time_limit(options.time_limit_seconds);

    auto start = Clock::now();
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                         static_cast<Xapian::doccount>(req.limit));
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    response.timed_out = options.time_limit_seconds > 0 && elapsed >= options.time_limit_seconds;
    response.total = mset.get_matches_estimated();
    response.total_exact = !response.timed_out &&
                           mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

    response.hits.reserve(mset.size());
    Article article;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (!DecodeStoredArticle(it.get_document().get_data(), &article)) {
        return Status::Corruption("document " + std::to_string(*it) + " has unreadable data");
      }
      Hit hit;
      hit.score = it.get_weight();
      if (req.snippets) {
        // Flags 0: no background model and no exhaustive scan. The first
        // good window is found several times faster than the best one.
        hit.title_html = mset.snippet(article.title, article.title.size() + 1,
                                      analyzer->stemmer(), 0, req.highlight_start,
                                      req.highlight_end, "");
        hit.snippet_html = mset.snippet(article.body, req.snippet_chars, analyzer->stemmer(), 0,
                                        req.highlight_start, req.highlight_end, "…");
      }
      hit.id = std::move(article.id);
      hit.title = std::move(article.title);
      hit.url = std::move(article.url);
      hit.published = std::move(article.published);
      hit.source = std::move(article.source);
      hit.author = std::move(article.author);
      hit.tags = std::move(article.tags);
      response.hits.push_back(std::move(hit));
    }
    return response;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& dir,
                                                  const SearchOptions& options) {
  if (Status s = options.Validate(); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(dir, options);
  try {
    if (Status s = impl->OpenCurrent(); !s.ok()) return s;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening index " + dir);
  }
  impl->last_check = Clock::now();
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Status Searcher::Refresh(bool force) { return impl_->Refresh(force); }

Result<SearchResponse> Searcher::Search(const SearchRequest& request) {
  if (Status s = impl_->Refresh(false); !s.ok()) return s;
  // A writer may commit twice while we read; then the revision we hold is
  // gone (DatabaseModifiedError). Reopen and try once more.
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->RunSearch(request);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt > 0) return StatusFromXapian(e, "searching");
      if (Status s = impl_->Refresh(true); !s.ok()) return s;
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "searching");
    }
  }
}

Result<Article> Searcher::GetArticle(const std::string& id) {
  if (Status s = impl_->Refresh(false); !s.ok()) return s;
  for (int attempt = 0;; ++attempt) {
    try {
      const std::string term = schema::IdTerm(id);
      Xapian::PostingIterator it = impl_->db.postlist_begin(term);
      if (it == impl_->db.postlist_end(term)) return Status::NotFound("no article with id \"" + id + "\"");
      Article article;
      if (!DecodeStoredArticle(impl_->db.get_document(*it).get_data(), &article)) {
        return Status::Corruption("article \"" + id + "\" has unreadable data");
      }
      return article;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt > 0) return StatusFromXapian(e, "reading article " + id);
      if (Status s = impl_->Refresh(true); !s.ok()) return s;
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "reading article " + id);
    }
  }
}

uint64_t Searcher::article_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;  // the next Search() reopens and reports the error
  }
}
const std::string& Searcher::generation() const { return impl_->generation; }

}  // namespace byline
