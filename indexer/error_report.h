// ErrorReport: what byline-indexer says about the records it skips, without
// burying the summary under them.
//
// - A file's errors are shown one line each, at most kShownPerFile of them;
//   then one line gives how many more there were and the commonest reason.
// - A file none of whose first kGiveUpAfter records is an article (a folder
//   of .json.gz files that hold something else, say) is given up on and
//   reported once, the rest of it unread; a file that ends with no article
//   at all, once too.
// - Past kShownPerRun lines in a run, errors are only counted, and the end
//   of the run gives the commonest reasons.
// Every record read and skipped is counted either way (the unread rest of a
// given-up file is not).
//
// Thread safety: none; called from the indexing thread only.
#ifndef BYLINE_INDEXER_ERROR_REPORT_H_
#define BYLINE_INDEXER_ERROR_REPORT_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "byline/ingest.h"

namespace byline::indexer {

class ErrorReport {
 public:
  static constexpr size_t kShownPerFile = 20;
  static constexpr size_t kGiveUpAfter = 20;
  static constexpr size_t kShownPerRun = 200;

  // `before_print` runs before each line (to clear a progress bar).
  ErrorReport(FILE* out, std::function<void()> before_print);

  // A record the readers could not turn into an article.
  void OnReadError(const RecordError& error);
  // A record that was an article but is skipped (a repeated id, say).
  void OnSkippedArticle(const RecordError& error);
  // Something about an article that is still indexed (a date not
  // understood): shown like errors (kShownPerFile a file), never counted
  // as skipped.
  void OnWarning(const RecordError& warning);
  // An article was read from `file`.
  void OnArticle(const std::string& file);
  // True once `file` is given up on: readers skip the rest of it.
  bool GivesUp(const std::string& file) const;
  // Ends the current file's report (call after each input and at the end).
  void FinishFile();
  // Ends the run: the summary line if errors went unshown.
  void FinishRun();

  uint64_t read_errors() const { return read_errors_; }
  uint64_t warnings() const { return warnings_; }
  uint64_t skipped() const { return read_errors_ + skipped_articles_; }

 private:
  // Counts of one file, or of the whole run.
  struct Tally {
    uint64_t count = 0;
    std::map<std::string, uint64_t> reasons;  // by Reason()
    void Add(const RecordError& e);
    // "invalid JSON, 4,990 times".
    std::string Commonest() const;
  };

  void Switch(const std::string& file);
  void Show(const RecordError& error);
  void Print(const std::string& line);

  FILE* out_;
  std::function<void()> before_print_;
  uint64_t read_errors_ = 0, skipped_articles_ = 0, warnings_ = 0;
  uint64_t file_warnings_ = 0;  // in the file being read
  size_t shown_in_run_ = 0;
  bool run_cut_ = false;  // kShownPerRun reached
  Tally run_;

  // The file being read.
  std::string file_;
  uint64_t articles_ = 0;
  size_t shown_ = 0;
  bool given_up_ = false;
  std::vector<RecordError> held_;  // errors before its first article
  Tally tally_;
};

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_ERROR_REPORT_H_
