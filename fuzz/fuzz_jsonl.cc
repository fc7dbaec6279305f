// Fuzz target: JSON Lines ingest. Any bytes must give articles or errors,
// never a crash, and every article produced must pass validation.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "byline/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  static const byline::FieldMap kMaps[] = {{}, {{"body", "content"}, {"id", "slug"}}};
  for (const auto& map : kMaps) {
    std::istringstream in(text);
    auto status = byline::ReadJsonLines(
        in, "fuzz", map,
        [](byline::Article&& a) {
          if (!byline::ValidateArticle(a).ok()) std::abort();  // readers validate
        },
        [](const byline::RecordError& e) {
          if (e.reason.empty()) std::abort();  // every error says why
        });
    if (!status.ok()) std::abort();  // a string stream never fails to read
  }
  return 0;
}
