// Query-speed benchmark: runs a fixed query list in one thread, in-process,
// and prints one JSON line of throughput, latency percentiles and memory.
//
//   query_bench --index DIR --queries FILE --mode MODE [--passes N] [--label NAME]
//
// byline:   Byline's Searcher, default result fields, title + body snippet.
// raw:      the simplest raw Xapian loop: QueryParser, Enquire, top 10,
//           MSet::snippet with its default flags (the floor).
// raw-fast: the same loop with MSet::snippet flags=0.
// The raw loop reads either its own index, built by bench/index/floor.cc
// (document data = the article's JSON line, parsed per hit as a raw user
// would), or Byline's (its binary stored article), whichever --index names.
// byline-bare: Byline's Searcher without titles and snippets (to see their cost).
// byline-estimate: Byline's Searcher counting only what the page needs
//           (exact_total_up_to 0), as before totals were exact: beside
//           `byline`, what counting up to 1,001 matches costs.
// byline-xapian-lengths: `byline` with Xapian's own BM25, which reads each
//           candidate's length from the index (SearchOptions::lengths_in_memory
//           false), to show what holding lengths in memory gains.
// suggest:  Byline's Searcher::Suggest as GET /suggest calls it by default
//           (5 completions, 5 titles); each query line is what was typed
//           so far (bench/query/make_suggest_queries.py).
// suggest-completions: the same without titles (completions only).
// byline-dedupe: `byline` with near-duplicate folding (dedupe=near), each
//           kept hit's duplicates counted.
// duplicates: Searcher::Duplicates (GET /articles/{id}/duplicates, limit
//           20) of each query's top hit (found before the timing); the first
//           call, which reads the fingerprint table, is timed apart (stderr).
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/searcher.h"
#include "stored_article.h"

namespace {

using Clock = std::chrono::steady_clock;

long ReadStatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  }
  return 0;
}

// The simplest raw-Xapian query loop, as a user of the library would write it.
class RawLoop {
 public:
  RawLoop(const std::string& dir, unsigned snippet_flags)
      : db_(dir), enquire_(db_), stemmer_("english"), flags_(snippet_flags) {
    parser_.set_database(db_);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }
  size_t Run(const std::string& q) {
    enquire_.set_query(parser_.parse_query(q));
    Xapian::MSet mset = enquire_.get_mset(0, 10);
    size_t bytes = 0;
    byline::Article a;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      if (!data.empty() && data[0] == '{') {
        auto json = nlohmann::json::parse(data);
        a.title = json.value("title", "");
        a.body = json.value("body", "");
      } else {
        byline::DecodeStoredArticle(data, &a);
      }
      bytes += mset.snippet(a.body, 200, stemmer_, flags_).size() + a.title.size();
    }
    return bytes;
  }

 private:
  Xapian::Database db_;
  Xapian::Enquire enquire_;
  Xapian::QueryParser parser_;
  Xapian::Stem stemmer_;
  unsigned flags_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string index, queries_path, mode = "byline", label;
  int passes = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--index")
      index = argv[i + 1];
    else if (flag == "--queries")
      queries_path = argv[i + 1];
    else if (flag == "--mode")
      mode = argv[i + 1];
    else if (flag == "--passes")
      passes = std::atoi(argv[i + 1]);
    else if (flag == "--label")
      label = argv[i + 1];
  }
  std::vector<std::string> queries;
  std::ifstream in(queries_path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) queries.push_back(line);
  }
  if (index.empty() || queries.empty()) {
    std::fprintf(
        stderr,
        "usage: query_bench --index DIR --queries FILE "
        "--mode "
        "byline|byline-bare|byline-estimate|byline-xapian-lengths|byline-dedupe|duplicates|raw|"
        "raw-fast|suggest|suggest-completions\n");
    return 1;
  }

  std::unique_ptr<byline::Searcher> searcher;
  std::unique_ptr<RawLoop> raw;
  const bool suggest_mode = mode == "suggest" || mode == "suggest-completions";
  const bool byline_mode = mode == "byline" || mode == "byline-bare" || mode == "byline-estimate" ||
                           mode == "byline-dedupe" || mode == "duplicates" ||
                           mode == "byline-xapian-lengths" || suggest_mode;
  if (byline_mode) {
    byline::SearchOptions options;
    options.time_limit_seconds = 0;
    options.lengths_in_memory = mode != "byline-xapian-lengths";
    auto opened = byline::Searcher::Open(index, options);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      return 1;
    }
    searcher = std::move(opened).value();
  } else {
    raw = std::make_unique<RawLoop>(index, mode == "raw" ? Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                               Xapian::MSet::SNIPPET_EXHAUSTIVE
                                                         : 0);
  }
  size_t sink = 0;
  size_t inexact = 0;  // searches whose total was a lower bound (more matched than counted)
  if (mode == "duplicates") {
    // Each query stands for its top hit's id from here on.
    std::vector<std::string> ids;
    for (const auto& q : queries) {
      byline::SearchRequest req;
      req.query = q;
      req.limit = 1;
      req.snippets = false;
      auto r = searcher->Search(req);
      if (r.ok() && !r->hits.empty()) ids.push_back(r->hits[0].id);
    }
    queries = std::move(ids);
    if (queries.empty()) return 1;
    auto t0 = Clock::now();
    auto first = searcher->Duplicates(queries[0], 20);
    std::fprintf(stderr, "first Duplicates call (reads the fingerprint table): %.1f ms\n",
                 std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!first.ok()) return 1;
  }
  auto run_one = [&](const std::string& q) {
    if (mode == "duplicates") {
      auto r = searcher->Duplicates(q, 20);
      if (r.ok()) sink += r->total;
    } else if (suggest_mode) {
      byline::SuggestRequest req;
      req.query = q;
      if (mode == "suggest-completions") req.titles = 0;
      auto r = searcher->Suggest(req);
      if (r.ok()) {
        for (const auto& c : r->completions) sink += c.text.size();
        for (const auto& t : r->titles) sink += t.title.size();
      }
    } else if (searcher) {
      byline::SearchRequest req;
      req.query = q;
      req.snippets = mode != "byline-bare";
      if (mode == "byline-estimate") req.exact_total_up_to = 0;
      if (mode == "byline-dedupe") req.dedupe = byline::Dedupe::kNear;
      auto r = searcher->Search(req);
      if (r.ok()) {
        for (const auto& h : r->hits) sink += h.snippet_html.size() + h.title_html.size();
        if (!r->total_exact) ++inexact;
      }
    } else {
      sink += raw->Run(q);
    }
  };
  for (const auto& q : queries) run_one(q);  // warm the caches once
  inexact = 0;

  std::vector<double> latencies;
  auto start = Clock::now();
  for (int p = 0; p < passes; ++p) {
    for (const auto& q : queries) {
      auto t0 = Clock::now();
      run_one(q);
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[static_cast<size_t>(p * (latencies.size() - 1))]; };
  std::printf(
      "{\"mode\":\"%s\",\"queries\":%zu,\"qps\":%.1f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"rss_mb\":%.1f,\"peak_rss_mb\":%.1f,\"inexact_totals\":%zu,"
      "\"sink\":%zu}\n",
      (label.empty() ? mode : label).c_str(), latencies.size(), latencies.size() / seconds,
      pct(0.5), pct(0.95), pct(0.99), ReadStatusKb("VmRSS:") / 1024.0,
      ReadStatusKb("VmHWM:") / 1024.0, inexact, sink);
  return 0;
}
