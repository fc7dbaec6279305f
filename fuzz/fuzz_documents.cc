// Fuzz target: the one-article document readers (HTML through gumbo,
// Markdown with front matter, plain text). The first byte picks the reader.
// Any bytes must give a valid article or an error with a reason.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "byline/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto on_article = [](byline::Article&& a) {
    if (!byline::ValidateArticle(a).ok()) std::abort();  // readers validate
  };
  auto on_error = [](const byline::RecordError& e) {
    if (e.reason.empty()) std::abort();  // every error says why
  };
  switch (data[0] % 3) {
    case 0:
      byline::ReadHtml(text, "fuzz.html", "fuzz", on_article, on_error);
      break;
    case 1:
      byline::ReadMarkdown(text, "fuzz.md", "fuzz", {}, on_article, on_error);
      break;
    default:
      byline::ReadPlainText(text, "fuzz.txt", "fuzz", on_article, on_error);
      break;
  }
  return 0;
}
