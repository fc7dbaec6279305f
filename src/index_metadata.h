// Metadata keys a Byline index keeps in Xapian's user metadata.
#ifndef BYLINE_SRC_INDEX_METADATA_H_
#define BYLINE_SRC_INDEX_METADATA_H_

#include <chrono>
#include <cstdint>

namespace byline {

// Seconds since the epoch of the last commit.
inline constexpr char kLastUpdateKey[] = "byline.last_update";

inline int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace byline

#endif  // BYLINE_SRC_INDEX_METADATA_H_
