// Helpers for the metadata the writer records in an index besides its
// articles (the keys are in byline/schema.h).
#ifndef BYLINE_SRC_INDEX_METADATA_H_
#define BYLINE_SRC_INDEX_METADATA_H_

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>

namespace byline {

inline int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The stored last-update time, or 0 when absent or unreadable.
inline int64_t ParseLastUpdate(const std::string& text) {
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  return ec == std::errc() && end == text.data() + text.size() ? seconds : 0;
}

}  // namespace byline

#endif  // BYLINE_SRC_INDEX_METADATA_H_
