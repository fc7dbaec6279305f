#include "terminal_text.h"

#include <cstring>

namespace byline {

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
    unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == '\n' || c == '\t') {
      out += ' ';
    } else if (c >= 0x20 && c != 0x7f) {
      out += html[i];
    }
    ++i;
  }
  return out;
}

}  // namespace byline
