#include "terminal_text.h"

#include <cstring>

namespace byline {
namespace {

// Appends `c` to `out` unless it is a control character (newlines and tabs
// become spaces).
void AppendPrintable(char c, std::string* out) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u == '\n' || u == '\t') {
    *out += ' ';
  } else if (u >= 0x20 && u != 0x7f) {
    *out += c;
  }
}

}  // namespace

std::string PlainTextToTerminal(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) AppendPrintable(c, &out);
  return out;
}

std::string HtmlSnippetToTerminal(const std::string& html, const std::string& on,
                                  const std::string& off) {
  static const struct {
    const char* from;
    const char* to;
  } kReplacements[] = {{"<mark>", nullptr}, {"</mark>", nullptr}, {"&amp;", "&"}, {"&lt;", "<"},
                       {"&gt;", ">"},       {"&quot;", "\""},     {"&#39;", "'"}, {"&#x27;", "'"}};
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    bool replaced = false;
    if (html[i] == '<' || html[i] == '&') {
      for (const auto& r : kReplacements) {
        size_t n = std::strlen(r.from);
        if (html.compare(i, n, r.from) == 0) {
          if (r.to) {
            out += r.to;
          } else {
            out += r.from[1] == '/' ? off : on;
          }
          i += n;
          replaced = true;
          break;
        }
      }
    }
    if (replaced) continue;
    AppendPrintable(html[i], &out);
    ++i;
  }
  return out;
}

}  // namespace byline
