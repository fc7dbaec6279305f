// TextWords: the plain words of a text in order, as TermGenerator would index
// them (lower-cased), each with how it is written and what stands between it
// and the word before. Autocomplete uses it twice: at index time for the
// pairs of words that follow one another (schema::WordPairTerm), and at query
// time for the written form of a completed word ("readFileSync", "Blair").
//
// A word is a run of Unicode word characters (Xapian::Unicode::is_wordchar),
// apostrophes between them included ("Blair's"). A run that TermGenerator would join to a neighbour
// or extend ("don't", "Q&A", "3.14", "U.S.", "C++", "C#") is reported with plain = false, so
// callers can leave it out rather than guess how it was indexed.
#ifndef BYLINE_SRC_TEXT_WORDS_H_
#define BYLINE_SRC_TEXT_WORDS_H_

#include <string>
#include <string_view>

namespace byline {

struct TextWord {
  std::string_view written;  // as in the text
  std::string lower;         // lower-cased (empty when !plain)
  bool plain = true;         // TermGenerator indexes it as `lower`, on its own
  // Only spaces (and at most one line break) since the previous word: the
  // two stand together in one sentence and clause.
  bool follows = false;
  // First word of the text, or after . ! ? or a blank line: a capital letter
  // there says nothing about how the word is usually written.
  bool sentence_start = false;
};

// Calls `f(const TextWord&)` for each word of `text`, in order. Words longer
// than 64 bytes (which TermGenerator leaves out) are reported as not plain.
template <typename F>
void ForEachTextWord(std::string_view text, F&& f);

// Calls `f(std::string_view written, bool sentence_start)` for each place
// where ForEachTextWord would report a plain word whose `lower` is
// `lower_word`, in order. REQUIRES: `lower_word` is non-empty ASCII
// lower-case letters, digits and "_" (then this scans far faster, with no
// tokenizing).
template <typename F>
void ForEachAsciiOccurrence(std::string_view text, std::string_view lower_word, F&& f);

namespace text_words_internal {
// Length of the character at text[pos] and whether it is a word character
// (*word) or white space (*space).
size_t Classify(std::string_view text, size_t pos, bool* word, bool* space);
// Lower-cases `written`; with `apostrophe`, also writes U+2019 as "'".
void Lower(std::string_view written, bool apostrophe, std::string* lower);
}  // namespace text_words_internal

template <typename F>
void ForEachTextWord(std::string_view text, F&& f) {
  using text_words_internal::Classify;
  const size_t n = text.size();
  size_t pos = 0;
  bool follows = false, sentence_start = true, joined_before = false;
  int line_breaks = 0;
  TextWord w;
  while (pos < n) {
    bool word = false, space = false;
    size_t len = Classify(text, pos, &word, &space);
    if (!word) {
      char c = text[pos];
      if (c == '\n') ++line_breaks;
      if (c == '.' || c == '!' || c == '?' || line_breaks >= 2) sentence_start = true;
      if (!space) follows = false;
      pos += len;
      continue;
    }
    size_t begin = pos;
    bool apostrophe = false;
    bool joined_after = false;  // made part of something else by what follows
    bool joins_next = false;    // ... namely by the next run of word characters
    while (pos < n) {
      len = Classify(text, pos, &word, &space);
      if (word) {
        pos += len;
        continue;
      }
      // What TermGenerator does with the character after a run of word
      // characters: an apostrophe before another word character is part of
      // the word ("Blair's", "don’t" as "don't"); "&", ".", "," or ";" there
      // join the runs into something else ("Q&A", "3.14", "U.S."), and so
      // do "+" and "#" after it ("C++", "C#").
      unsigned char c = static_cast<unsigned char>(text[pos]);
      size_t joiner = 0;
      bool quote = c == '\'' || text.compare(pos, 3, "\u2019") == 0;
      if (quote) joiner = c == '\'' ? 1 : 3;
      if (c == '&' || c == '.' || c == ',' || c == ';') joiner = 1;
      bool next_word = false;
      if (joiner && pos + joiner < n) {
        bool next_space = false;
        Classify(text, pos + joiner, &next_word, &next_space);
      }
      if (quote && next_word) {
        apostrophe = true;
        pos += joiner;
        continue;
      }
      joins_next = next_word;
      joined_after = next_word || c == '+' || c == '#';
      break;
    }
    w.written = text.substr(begin, pos - begin);
    w.plain = !joined_before && !joined_after && w.written.size() <= 64;
    w.follows = follows && line_breaks < 2;
    w.sentence_start = sentence_start;
    w.lower.clear();
    if (w.plain) text_words_internal::Lower(w.written, apostrophe, &w.lower);
    f(static_cast<const TextWord&>(w));
    joined_before = joins_next;
    follows = !joined_after;
    sentence_start = false;
    line_breaks = 0;
  }
}

namespace text_words_internal {
inline bool AsciiWordChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
inline bool Joiner(unsigned char c) {
  return c == '\'' || c == '&' || c == '.' || c == ',' || c == ';';
}
}  // namespace text_words_internal

template <typename F>
void ForEachAsciiOccurrence(std::string_view text, std::string_view lower_word, F&& f) {
  using text_words_internal::AsciiWordChar;
  using text_words_internal::Joiner;
  const size_t n = text.size(), len = lower_word.size();
  const unsigned char first = static_cast<unsigned char>(lower_word[0]);
  const unsigned char first_upper = first >= 'a' && first <= 'z' ? first - 'a' + 'A' : first;
  for (size_t at = 0; at + len <= n; ++at) {
    unsigned char c = static_cast<unsigned char>(text[at]);
    if (c != first && c != first_upper) continue;
    size_t i = 1;
    for (; i < len; ++i) {
      unsigned char t = static_cast<unsigned char>(text[at + i]);
      if (t >= 'A' && t <= 'Z') t = t - 'A' + 'a';
      if (t != static_cast<unsigned char>(lower_word[i])) break;
    }
    if (i < len) continue;
    // A whole word on its own: no word character (nor a UTF-8 byte, which
    // may be one) on either side, and no joining character between this and
    // another word ("don't", "Q&A", "3.14", "C++").
    auto word_byte = [](unsigned char b) { return AsciiWordChar(b) || b >= 0x80; };
    if (at > 0) {
      unsigned char before = static_cast<unsigned char>(text[at - 1]);
      if (word_byte(before)) continue;
      if (Joiner(before) && at > 1 && word_byte(static_cast<unsigned char>(text[at - 2]))) continue;
    }
    size_t end = at + len;
    if (end < n) {
      unsigned char after = static_cast<unsigned char>(text[end]);
      if (word_byte(after) || after == '+' || after == '#') continue;
      if (after == 0xE2 && text.compare(end, 3, "\u2019") == 0) {
        if (end + 3 < n && word_byte(static_cast<unsigned char>(text[end + 3]))) continue;
      }
      if (Joiner(after) && end + 1 < n && word_byte(static_cast<unsigned char>(text[end + 1]))) {
        continue;
      }
    }
    // Sentence start, as ForEachTextWord tells it: nothing but non-word
    // characters back to the start, or among them . ! ? or a blank line.
    bool sentence_start = true;
    int line_breaks = 0;
    for (size_t back = at; back > 0; --back) {
      unsigned char b = static_cast<unsigned char>(text[back - 1]);
      if (word_byte(b)) {
        sentence_start = false;
        break;
      }
      if (b == '\n' && ++line_breaks >= 2) break;
      if (b == '.' || b == '!' || b == '?') break;
    }
    f(text.substr(at, len), sentence_start);
    at = end - 1;
  }
}

}  // namespace byline

#endif  // BYLINE_SRC_TEXT_WORDS_H_
