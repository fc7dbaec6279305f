// Progress while indexing: a bar redrawn in place on a terminal, a plain
// line every few seconds in a log, and the final summary.
#ifndef BYLINE_INDEXER_PROGRESS_H_
#define BYLINE_INDEXER_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace byline::indexer {

struct Counts {
  uint64_t added = 0, updated = 0, unchanged = 0, deleted = 0, skipped = 0;
  uint64_t processed() const { return added + updated + unchanged; }
};

// Thread safety: none; called from the indexing thread only.
class Progress {
 public:
  enum class Style { kNone, kBar, kLines };

  // kBar when `out` is a terminal, else kLines; kNone when quiet.
  static Style StyleFor(FILE* out, bool quiet);

  // `total_bytes` is the input size when known (0 otherwise: no ETA).
  Progress(FILE* out, Style style, uint64_t total_bytes);

  // Called after each article; cheap unless it is time to redraw.
  void Update(uint64_t articles, uint64_t bytes) {
    if (style_ != Style::kNone && (++calls_ & 0xff) == 0) MaybeDraw(articles, bytes);
  }
  // Clears the bar before something else is printed (an error line).
  void Interrupt();
  // Removes the bar; the summary is printed by Summary().
  void Finish();

  double elapsed_seconds() const;

  // "N added, N updated, N unchanged, N deleted, N skipped in S s (R articles/s, M MB/s)".
  std::string Summary(const Counts& counts, uint64_t bytes) const;

 private:
  void MaybeDraw(uint64_t articles, uint64_t bytes);

  FILE* out_;
  Style style_;
  uint64_t total_bytes_;
  uint64_t calls_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_PROGRESS_H_
