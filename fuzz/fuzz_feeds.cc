// Fuzz target: the feed reader (RSS, RDF, Atom through libxml2) and the
// lenient date parser. The first byte picks which. Any bytes must give
// valid articles or errors with a reason; a date read must come back as a
// stored form PublishedSeconds takes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "byline/dates.h"
#include "byline/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    byline::ReadOptions options;
    options.on_date_warning = [](const byline::RecordError& w) {
      if (w.reason.empty()) std::abort();
    };
    byline::ReadFeed(
        text, "fuzz.rss", options,
        [](byline::Article&& a) {
          if (!byline::ValidateArticle(a).ok()) std::abort();  // readers validate
        },
        [](const byline::RecordError& e) {
          if (e.reason.empty()) std::abort();  // every error says why
        });
  } else {
    auto iso = byline::NormalizeDate(text);
    if (iso.ok() && !byline::PublishedSeconds(*iso).ok()) std::abort();
  }
  return 0;
}
