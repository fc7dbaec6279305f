#include "text_words.h"

#include <xapian.h>

namespace byline::text_words_internal {

size_t Classify(std::string_view text, size_t pos, bool* word, bool* space) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    *space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    return 1;
  }
  Xapian::Utf8Iterator it(text.data() + pos, text.size() - pos);
  unsigned ch = *it;
  *word = Xapian::Unicode::is_wordchar(ch);
  *space = Xapian::Unicode::get_category(ch) == Xapian::Unicode::SPACE_SEPARATOR;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(len, text.size() - pos);
}

void Lower(std::string_view written, bool apostrophe, std::string* lower) {
  bool ascii = true;
  for (char c : written) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (!ascii) {
    *lower = Xapian::Unicode::tolower(std::string(written));
    if (apostrophe) {
      for (size_t at = lower->find("\u2019"); at != std::string::npos;
           at = lower->find("\u2019", at)) {
        lower->replace(at, 3, "'");
      }
    }
    return;
  }
  lower->assign(written);
  for (char& c : *lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

}  // namespace byline::text_words_internal
