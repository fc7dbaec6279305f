// InputRun: reads every input of one byline-indexer run, the same way
// whatever is done with the articles (updated in place, built into a new
// generation, or previewed by --dry-run): progress, error reports without
// floods, --max-errors, and one article per id (a second input giving an id
// is reported as PATH: id "X" was already given by OTHER_PATH, and skipped).
//
// Thread safety: none; one run, one thread.
#ifndef BYLINE_INDEXER_INPUT_RUN_H_
#define BYLINE_INDEXER_INPUT_RUN_H_

#include <cstdint>
#include <functional>

#include "byline/article.h"
#include "byline/index_changes.h"
#include "byline/seen_ids.h"
#include "byline/site_files.h"
#include "byline/status.h"
#include "error_report.h"
#include "flags.h"
#include "progress.h"

namespace byline::indexer {

class InputRun {
 public:
  InputRun(const Flags& flags, const Plan& plan);

  // Hands each article with a new id to `sink`, which counts it in
  // counts(). Stops at the first error `sink` returns (returned here), or
  // once more than --max-errors records were skipped (too_many_errors()).
  Status ReadAll(const std::function<Status(Article&&)>& sink);

  // ReadAll, upserting each article into `index` and counting it in
  // counts() as added, updated or unchanged.
  Status UpsertAll(IndexChanges& index);

  bool too_many_errors() const { return too_many_errors_; }
  const SeenIds& seen() const { return seen_; }
  const ErrorReport& errors() const { return errors_; }
  Counts& counts() { return counts_; }
  const Progress& progress() const { return progress_; }
  uint64_t bytes_read() const { return bytes_read_; }
  // "N added, ... in S s (R articles/s, M MB/s)".
  // With FilesSummary() after it.
  std::string Summary() const { return progress_.Summary(counts_, bytes_read_) + FilesSummary(); }
  // "; 312 files, 14 excluded" when --include or --exclude was given, else "".
  std::string FilesSummary() const;
  // The first input that turned out to be a feed ("-" for stdin), or "".
  const std::string& feed_read() const { return feed_read_; }

 private:
  const Flags& flags_;
  const Plan& plan_;
  Progress progress_;
  ErrorReport errors_;
  SeenIds seen_;
  Counts counts_;
  uint64_t bytes_read_ = 0;
  WalkCounts walk_counts_;
  std::string feed_read_;
  bool too_many_errors_ = false;
};

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_INPUT_RUN_H_
