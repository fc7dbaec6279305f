#include "spelling_corrector.h"

#include <cctype>

namespace byline {
namespace {

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

bool HasDigit(const std::string& word) {
  for (unsigned char c : word) {
    if (std::isdigit(c)) return true;
  }
  return false;
}

bool IsOperator(const std::string& word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
         word == "ADJ";
}

}  // namespace

bool SpellingCorrector::Known(const std::string& word) const {
  if (db_.term_exists(word) || db_.term_exists("Z" + stemmer_(word))) return true;
  Xapian::TermIterator spelling = db_.spellings_begin();
  spelling.skip_to(word);
  return spelling != db_.spellings_end() && *spelling == word;
}

std::string SpellingCorrector::Correct(const std::string& text) const {
  std::string out;
  out.reserve(text.size());
  bool changed = false;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    // A word: word bytes, with apostrophes inside it ("don't").
    while (end < text.size() &&
           (IsWordByte(static_cast<unsigned char>(text[end])) ||
            (text[end] == '\'' && end + 1 < text.size() &&
             IsWordByte(static_cast<unsigned char>(text[end + 1])) && end > i))) {
      ++end;
    }
    const std::string word = text.substr(i, end - i);
    const char before = i > 0 ? text[i - 1] : ' ';
    const char after = end < text.size() ? text[end] : ' ';
    // Left alone: field names and field values (title:x), wildcards,
    // operators, numbers and dates, single letters.
    const bool checked = after != ':' && before != ':' && after != '*' && !IsOperator(word) &&
                         !HasDigit(word) && end - i > 1;
    std::string replacement;
    if (checked) {
      const std::string lower = Xapian::Unicode::tolower(word);
      if (!Known(lower)) {
        std::string suggestion = db_.get_spelling_suggestion(lower);
        if (!suggestion.empty() && suggestion != lower) replacement = std::move(suggestion);
      }
    }
    if (replacement.empty()) {
      out += word;
    } else {
      out += replacement;
      changed = true;
    }
    i = end;
  }
  return changed ? out : std::string();
}

}  // namespace byline
