#include "spelling_corrector.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "byline/schema.h"

namespace byline {
namespace {

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool HasDigit(const std::string& word) {
  return std::any_of(word.begin(), word.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool IsOperator(const std::string& word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
         word == "ADJ";
}

size_t CharCount(const std::string& word) {
  size_t n = 0;
  for (Xapian::Utf8Iterator it(word), end; it != end; ++it) ++n;
  return n;
}

// Where the field value that starts at `i` (just after "field:") ends: a
// quoted value after its closing quote, a bracketed one after its closing
// bracket, any other at white space or ')', as Xapian's parser reads them.
size_t EndOfFieldValue(const std::string& text, size_t i) {
  const size_t n = text.size();
  if (text[i] == '"') {
    size_t close = text.find('"', i + 1);
    return close == std::string::npos ? n : close + 1;
  }
  if (text[i] == '(') {
    int depth = 0;
    bool quoted = false;
    for (size_t j = i; j < n; ++j) {
      if (text[j] == '"') {
        quoted = !quoted;
      } else if (!quoted && text[j] == '(') {
        ++depth;
      } else if (!quoted && text[j] == ')' && --depth == 0) {
        return j + 1;
      }
    }
    return n;
  }
  size_t j = i;
  while (j < n && !IsSpace(text[j]) && text[j] != ')') ++j;
  return j;
}

// `suggestion` (lower-case) with the capitals of `typed`: all of them when
// `typed` is all capitals, else the first when `typed` starts with one.
std::string WithCapitalsOf(const std::string& typed, const std::string& suggestion) {
  bool first_upper = false, any_lower = false, first = true;
  size_t letters = 0;
  for (Xapian::Utf8Iterator it(typed), end; it != end; ++it) {
    const auto category = Xapian::Unicode::get_category(*it);
    if (category == Xapian::Unicode::UPPERCASE_LETTER) {
      if (first) first_upper = true;
      ++letters;
    } else if (category == Xapian::Unicode::LOWERCASE_LETTER) {
      any_lower = true;
      ++letters;
    }
    first = false;
  }
  if (!first_upper) return suggestion;
  std::string out;
  bool at_start = true;
  for (Xapian::Utf8Iterator it(suggestion), end; it != end; ++it) {
    const unsigned ch =
        (at_start || (!any_lower && letters > 1)) ? Xapian::Unicode::toupper(*it) : *it;
    Xapian::Unicode::append_utf8(out, ch);
    at_start = false;
  }
  return out;
}

// How often the spelling table has `word` (0: not at all).
Xapian::termcount SpellingFrequency(const Xapian::Database& db, const std::string& word) {
  Xapian::TermIterator spelling = db.spellings_begin();
  spelling.skip_to(word);
  return spelling != db.spellings_end() && *spelling == word ? spelling.get_termfreq() : 0;
}

// The most frequent word of the spelling table one edit away from `word`
// (a letter left out, added or changed, or two neighbours swapped; letters
// from a-z and `word`'s own), with its frequency; {"", 0} when none is.
// Looking up these few hundred words in order costs a tenth of what Xapian's
// get_spelling_suggestion does, which reads every word sharing a trigram.
std::pair<std::string, Xapian::termcount> MostFrequentNeighbour(const Xapian::Database& db,
                                                                const std::string& word) {
  const std::vector<unsigned> chars{Xapian::Utf8Iterator(word), Xapian::Utf8Iterator()};
  std::vector<unsigned> alphabet(chars);
  for (unsigned c = 'a'; c <= 'z'; ++c) alphabet.push_back(c);
  std::sort(alphabet.begin(), alphabet.end());
  alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());

  std::vector<std::string> candidates;
  auto add = [&candidates](const std::vector<unsigned>& letters) {
    std::string text;
    for (unsigned c : letters) Xapian::Unicode::append_utf8(text, c);
    candidates.push_back(std::move(text));
  };
  for (size_t i = 0; i < chars.size(); ++i) {
    std::vector<unsigned> edit(chars);
    edit.erase(edit.begin() + static_cast<std::ptrdiff_t>(i));
    add(edit);
    if (i + 1 < chars.size() && chars[i] != chars[i + 1]) {
      edit = chars;
      std::swap(edit[i], edit[i + 1]);
      add(edit);
    }
    for (unsigned c : alphabet) {
      if (c == chars[i]) continue;
      edit = chars;
      edit[i] = c;
      add(edit);
    }
  }
  for (size_t i = 0; i <= chars.size(); ++i) {
    for (unsigned c : alphabet) {
      std::vector<unsigned> edit(chars);
      edit.insert(edit.begin() + static_cast<std::ptrdiff_t>(i), c);
      add(edit);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::pair<std::string, Xapian::termcount> best{"", 0};
  Xapian::TermIterator spelling = db.spellings_begin();
  const Xapian::TermIterator end = db.spellings_end();
  for (const std::string& candidate : candidates) {
    spelling.skip_to(candidate);
    if (spelling == end) break;
    if (*spelling == candidate && candidate != word && spelling.get_termfreq() > best.second) {
      best = {candidate, spelling.get_termfreq()};
    }
  }
  return best;
}

}  // namespace

Xapian::termcount SpellingCorrector::Frequency(const std::string& word) const {
  Xapian::termcount freq = SpellingFrequency(db_, word);
  freq = std::max(freq, db_.get_collection_freq(word));
  const std::string stem = stemmer_(word);
  if (!stem.empty()) freq = std::max(freq, db_.get_collection_freq(schema::StemTerm("", stem)));
  return freq;
}

std::string SpellingCorrector::CorrectWord(const std::string& word) const {
  const Xapian::termcount freq = Frequency(word);
  std::string suggestion;
  if (freq == 0) {
    suggestion = db_.get_spelling_suggestion(word);
  } else if (freq <= std::max(kMinRareWord, db_.get_doccount() / kArticlesPerRareWord) &&
             CharCount(word) >= kMinKnownWordChars) {
    auto [neighbour, neighbour_freq] = MostFrequentNeighbour(db_, word);
    if (uint64_t{neighbour_freq} >= uint64_t{kKnownWordRatio} * freq) {
      suggestion = std::move(neighbour);
    }
  }
  return suggestion == word ? std::string() : suggestion;
}

std::string SpellingCorrector::Correct(const std::string& text) const {
  const size_t n = text.size();
  std::string out;
  out.reserve(n);
  bool changed = false;
  bool in_quotes = false;
  bool after_not = false;  // the previous word was the operator NOT
  size_t lookups = 0;
  size_t i = 0;
  while (i < n) {
    const char c = text[i];
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes || !IsWordByte(static_cast<unsigned char>(c))) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    // A word: word bytes, with apostrophes inside it ("don't").
    while (end < n && (IsWordByte(static_cast<unsigned char>(text[end])) ||
                       (text[end] == '\'' && end + 1 < n &&
                        IsWordByte(static_cast<unsigned char>(text[end + 1]))))) {
      ++end;
    }
    const std::string word = text.substr(i, end - i);
    // field:value, as the parser takes it: both stay as typed.
    if (end + 1 < n && text[end] == ':' && static_cast<unsigned char>(text[end + 1]) > ' ' &&
        text[end + 1] != ')') {
      const size_t value_end = EndOfFieldValue(text, end + 1);
      out.append(text, i, value_end - i);
      i = value_end;
      after_not = false;
      continue;
    }
    // Excluded words (-word, NOT word) stay: correcting one would exclude
    // articles the typed query keeps.
    const bool excluded = after_not || (i > 0 && text[i - 1] == '-' &&
                                        (i == 1 || IsSpace(text[i - 2]) || text[i - 2] == '('));
    const bool wildcard = end < n && text[end] == '*';
    after_not = word == "NOT";
    std::string replacement;
    if (!excluded && !wildcard && !IsOperator(word) && !HasDigit(word) && CharCount(word) > 1 &&
        lookups < kMaxLookups) {
      ++lookups;
      replacement = CorrectWord(Xapian::Unicode::tolower(word));
    }
    if (replacement.empty()) {
      out += word;
    } else {
      out += WithCapitalsOf(word, replacement);
      changed = true;
    }
    i = end;
  }
  return changed ? out : std::string();
}

}  // namespace byline
