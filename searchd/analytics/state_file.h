// The state file of the search analytics: DIR/analytics.json, loaded at
// start and written atomically (a temporary file, fsync, rename, fsync of
// the directory) by a background thread every `interval` when something
// changed, and once more at a clean stop. A crash loses at most the
// changes of the last interval.
#ifndef BYLINE_SEARCHD_ANALYTICS_STATE_FILE_H_
#define BYLINE_SEARCHD_ANALYTICS_STATE_FILE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "byline/status.h"
#include "search_analytics.h"

namespace byline::searchd {

inline constexpr char kAnalyticsFileName[] = "analytics.json";

class AnalyticsStateFile {
 public:
  // Uses `dir` (made when missing, not its parents) and loads its
  // analytics.json into `analytics` when there is one. A file that cannot
  // be read, or a directory that cannot be made or written, is an error
  // naming it. A file that is read but is not a valid state (damaged, cut
  // short) is moved aside to analytics.json.corrupt-YYYYMMDDTHHMMSSZ and the
  // counts start empty; `warning` then says so, naming both files.
  // REQUIRES: analytics outlives the result.
  static Result<std::unique_ptr<AnalyticsStateFile>> Open(const std::string& dir,
                                                          SearchAnalytics* analytics,
                                                          std::string* warning);
  ~AnalyticsStateFile();  // Stop()

  // Writes the file when the counts changed since it was last written.
  Status SaveIfChanged();
  // Saves every `interval` from a background thread; a failure is printed
  // to stderr (once, until a save succeeds again).
  void StartSaving(std::chrono::milliseconds interval);
  // Stops the thread, then saves what changed. Returns that save's status.
  Status Stop();

  const std::string& path() const { return path_; }

 private:
  AnalyticsStateFile(std::string dir, SearchAnalytics* analytics);

  std::string dir_;
  std::string path_;
  SearchAnalytics* analytics_;
  std::mutex save_mutex_;  // one save at a time
  uint64_t saved_version_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread saver_;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ANALYTICS_STATE_FILE_H_
