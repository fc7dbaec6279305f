#include "snippeter.h"

#include <algorithm>

#include "byline/schema.h"

namespace byline {
namespace {

constexpr char kOmitted[] = "…";

bool IsAsciiWordChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsAsciiWord(const std::string& w) {
  for (unsigned char c : w) {
    if (!IsAsciiWordChar(c) && c != '\'') return false;
  }
  return !w.empty();
}

uint16_t Lead(std::string_view w) {
  return static_cast<uint16_t>(static_cast<unsigned char>(w[0]) << 8 |
                               (w.size() > 1 ? static_cast<unsigned char>(w[1]) : 0));
}

// Wildcards expand to words the query does not list, and Xapian highlights a
// phrase only where its words stand together: both are left to Xapian.
bool NeedsXapian(const Xapian::Query& q) {
  auto op = q.get_type();
  if (op == Xapian::Query::OP_WILDCARD || op == Xapian::Query::OP_PHRASE ||
      op == Xapian::Query::OP_NEAR) {
    return true;
  }
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
    if (NeedsXapian(q.get_subquery(i))) return true;
  }
  return false;
}

// Length in bytes of the character at text[pos] and whether it is a word
// character by TermGenerator's rules (ASCII fast path; Unicode otherwise).
size_t CharAt(std::string_view text, size_t pos, bool* word) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *word = IsAsciiWordChar(c);
    return 1;
  }
  Xapian::Utf8Iterator it(text.data() + pos, text.size() - pos);
  *word = Xapian::Unicode::is_wordchar(*it);
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min(len, text.size() - pos);
}

// Finds the next word at or after `pos`: [*begin, *end). `ascii` says whether
// it is made of ASCII letters and digits only. False at the end of text.
bool NextWord(std::string_view text, size_t pos, size_t* begin, size_t* end, bool* ascii) {
  size_t n = text.size();
  bool word = false;
  while (pos < n) {
    size_t len = CharAt(text, pos, &word);
    if (word) break;
    pos += len;
  }
  if (pos >= n) return false;
  *begin = pos;
  *ascii = true;
  // As in TermGenerator, initials such as "U.S." or "U.K" are one word.
  auto upper = [&](size_t i) { return i < n && text[i] >= 'A' && text[i] <= 'Z'; };
  if (upper(pos) && pos + 2 < n && text[pos + 1] == '.' && upper(pos + 2) &&
      (pos + 3 == n || !IsAsciiWordChar(static_cast<unsigned char>(text[pos + 3])))) {
    while (upper(pos) && (pos + 1 == n || text[pos + 1] == '.' ||
                          !IsAsciiWordChar(static_cast<unsigned char>(text[pos + 1])))) {
      pos += pos + 1 < n && text[pos + 1] == '.' ? 2 : 1;
      if (pos > 0 && text[pos - 1] != '.') break;
    }
    // "U.S.PROTECTIONISM" is no such word for TermGenerator either.
    if (pos == n || !IsAsciiWordChar(static_cast<unsigned char>(text[pos]))) {
      *end = pos;
      return true;
    }
    pos = *begin;
  }
  while (pos < n) {
    size_t len = CharAt(text, pos, &word);
    if (!word) {
      unsigned char prev = static_cast<unsigned char>(text[pos - 1]);
      unsigned char after = pos + 1 < n ? static_cast<unsigned char>(text[pos + 1]) : 0;
      // As in TermGenerator: "Q&A", "1,000" and "3.14" are one word, and
      // "C++" or "C#" keep their suffix. No fast query word has such
      // characters, so these words never match (ascii = false).
      bool infix = (text[pos] == '&' && IsAsciiWordChar(prev) && IsAsciiWordChar(after)) ||
                   ((text[pos] == ',' || text[pos] == '.' || text[pos] == ';') && prev >= '0' &&
                    prev <= '9' && after >= '0' && after <= '9');
      if (infix) {
        *ascii = false;
        pos += 1;
        continue;
      }
      if (text[pos] == '+' || text[pos] == '#') {
        size_t suffix = text[pos] == '#' ? 1 : (after == '+' ? 2 : 0);
        if (suffix && (pos + suffix == n ||
                       !IsAsciiWordChar(static_cast<unsigned char>(text[pos + suffix])))) {
          *ascii = false;
          pos += suffix;
        }
        break;
      }
      // An apostrophe between word characters joins them ("Elling's" is one
      // word; it stems to "elling").
      bool quote = text[pos] == '\'';
      bool curly = text.compare(pos, 3, "\u2019") == 0;
      if (!(quote || curly) || pos + len + (curly ? 2 : 0) >= n) break;
      size_t next = pos + (curly ? 3 : 1);
      bool next_word = false;
      CharAt(text, next, &next_word);
      if (!next_word) break;
      *ascii = *ascii && quote;
      pos = next;
      continue;
    }
    *ascii = *ascii && len == 1;
    pos += len;
  }
  *end = pos;
  return true;
}

void AppendEscaped(std::string* out, std::string_view text, bool fold_space) {
  bool in_space = false;
  for (char c : text) {
    if (fold_space && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
      if (!in_space) *out += ' ';
      in_space = true;
      continue;
    }
    in_space = false;
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        *out += c;
    }
  }
}

size_t CharStart(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
    --pos;
  }
  return pos;
}

// Lower-cased ASCII, without the dots of initials ("U.S." is "us").
std::string Fold(std::string_view word) {
  std::string lower;
  lower.reserve(word.size());
  for (char c : word) {
    if (c == '.') continue;
    lower += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return lower;
}

// A free-text stem term ("Zcomput"), not a field's ("ZScomput").
bool IsTextStem(const std::string& term) {
  return term.size() > 1 && term[0] == schema::kStemPrefix[0] &&
         !(term[1] >= 'A' && term[1] <= 'Z');
}

// The pattern of an OP_WILDCARD query. Xapian 1.4 has no accessor for it;
// its description is "Query(WILDCARD <combiner> <pattern>)".
std::string WildcardPattern(const Xapian::Query& wildcard) {
  std::string text = wildcard.get_description();
  if (!text.empty() && text.back() == ')') text.pop_back();
  size_t space = text.rfind(' ');
  return space == std::string::npos ? std::string() : text.substr(space + 1);
}

}  // namespace

void Snippeter::CollectStemsOnly(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *query.get_terms_begin();
      if (!IsTextStem(term)) return;  // a field's term: no word of the text
      const std::string stem = term.substr(1);
      if (!IsAsciiWord(stem)) {
        fast_ = false;
        return;
      }
      stems_.insert(stem);
      leads_.insert(Lead(stem));
      return;
    }
    case Xapian::Query::OP_WILDCARD: {
      const std::string pattern = WildcardPattern(query);
      if (!IsTextStem(pattern)) return;
      const std::string prefix = pattern.substr(1);
      if (!IsAsciiWord(prefix)) {
        fast_ = false;
        return;
      }
      wildcards_.push_back(prefix);
      if (prefix.size() < 2) any_lead_ = true;
      leads_.insert(Lead(prefix));
      return;
    }
    case Xapian::Query::OP_PHRASE: {
      std::vector<std::string> stems;
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        Xapian::Query part = query.get_subquery(i);
        if (part.get_type() != Xapian::Query::LEAF_TERM) {
          fast_ = false;
          return;
        }
        const std::string term = *part.get_terms_begin();
        if (!IsTextStem(term)) return;  // title:"..." marks nothing in the text
        if (!IsAsciiWord(term.substr(1))) {
          fast_ = false;
          return;
        }
        stems.push_back(term.substr(1));
      }
      if (stems.empty()) return;
      leads_.insert(Lead(stems.front()));
      phrases_.push_back(std::move(stems));
      return;
    }
    default:
      // OP_NEAR's words are marked wherever they are, like plain words.
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        CollectStemsOnly(query.get_subquery(i));
      }
  }
}

bool Snippeter::UsesXapian(const Xapian::Query& query, bool stems_only) {
  // The constructor decides (and reads neither the MSet nor the stemmer).
  const Xapian::MSet none;
  const Xapian::Stem stemmer;
  return !Snippeter(none, query, stemmer, stems_only, "", "").fast();
}

Snippeter::Snippeter(const Xapian::MSet& mset, const Xapian::Query& query,
                     const Xapian::Stem& stemmer, bool stems_only, std::string highlight_start,
                     std::string highlight_end)
    : mset_(mset),
      stemmer_(stemmer),
      start_(std::move(highlight_start)),
      end_(std::move(highlight_end)) {
  if (stems_only) {
    CollectStemsOnly(query);
    return;
  }
  fast_ = !NeedsXapian(query);
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string term = *it;
    if (term.empty()) continue;
    // Title and body words are indexed unprefixed; kStemPrefix marks a stemmed word.
    // Other prefixes (title:, tag:, ...) stand for no word of the text.
    std::string word;
    bool stemmed = false;
    if (term[0] == schema::kStemPrefix[0]) {
      word = term.substr(1);
      stemmed = true;
    } else if (!(term[0] >= 'A' && term[0] <= 'Z')) {
      word = term;
    } else {
      continue;
    }
    if (!IsAsciiWord(word)) {
      fast_ = false;
      continue;
    }
    (stemmed ? stems_ : words_).insert(word);
    leads_.insert(Lead(word));
  }
}

bool Snippeter::WordMatches(std::string_view word) const {
  const std::string lower = Fold(word);
  if (lower.empty()) return false;
  if (!leads_.count(Lead(lower))) return false;
  if (words_.count(lower)) return true;
  return !stems_.empty() && stems_.count(stemmer_(lower));
}

size_t Snippeter::MatchEnd(std::string_view text, size_t begin, size_t end,
                           std::string* key) const {
  if (phrases_.empty() && wildcards_.empty()) {
    if (!WordMatches(text.substr(begin, end - begin))) return std::string_view::npos;
    if (key) *key = stemmer_(Fold(text.substr(begin, end - begin)));
    return end;
  }
  const std::string lower = Fold(text.substr(begin, end - begin));
  if (lower.empty() || (!any_lead_ && !leads_.count(Lead(lower)))) return std::string_view::npos;
  const std::string stem = stemmer_(lower);
  // The longest phrase starting here wins: "new york city" over "new york".
  size_t best = std::string_view::npos;
  for (const auto& phrase : phrases_) {
    if (phrase.front() != stem) continue;
    size_t pos = end, word_begin = 0, word_end = end;
    bool ascii = true;
    size_t i = 1;
    for (; i < phrase.size(); ++i) {
      if (!NextWord(text, pos, &word_begin, &word_end, &ascii) || !ascii ||
          stemmer_(Fold(text.substr(word_begin, word_end - word_begin))) != phrase[i]) {
        break;
      }
      pos = word_end;
    }
    if (i == phrase.size() && (best == std::string_view::npos || word_end > best)) {
      best = word_end;
      if (key) {
        // A phrase counts as one word of the query, whichever it is.
        key->assign("\x01");
        for (const auto& word : phrase) *key += word + " ";
      }
    }
  }
  if (best != std::string_view::npos) return best;
  if (key) *key = stem;
  if (stems_.count(stem)) return end;
  for (const auto& prefix : wildcards_) {
    if (stem.compare(0, prefix.size(), prefix) == 0) return end;
  }
  return std::string_view::npos;
}

size_t Snippeter::FirstMatch(std::string_view text) const {
  if (leads_.empty()) return std::string_view::npos;
  size_t begin, end = 0;
  bool ascii;
  while (NextWord(text, end, &begin, &end, &ascii)) {
    if (ascii && MatchEnd(text, begin, end) != std::string_view::npos) return begin;
  }
  return std::string_view::npos;
}

size_t Snippeter::BestMatch(std::string_view text, size_t chars) const {
  if (leads_.empty()) return std::string_view::npos;
  struct Hit {
    size_t begin, end, key;
  };
  std::vector<Hit> hits;
  std::vector<std::string> keys;
  std::string key;
  size_t begin, end = 0;
  bool ascii;
  while (NextWord(text, end, &begin, &end, &ascii)) {
    if (!ascii) continue;
    size_t match_end = MatchEnd(text, begin, end, &key);
    if (match_end == std::string_view::npos) continue;
    size_t k = std::find(keys.begin(), keys.end(), key) - keys.begin();
    if (k == keys.size()) keys.push_back(key);
    hits.push_back({begin, match_end, k});
    end = match_end;
  }
  if (hits.empty()) return std::string_view::npos;
  if (keys.size() == 1) return hits.front().begin;
  // The window Body() would show for each match: from a quarter of `chars`
  // before it, `chars` long. Slide it over the matches, counting the
  // distinct query words wholly inside.
  std::vector<size_t> in_window(keys.size(), 0);
  size_t distinct = 0, best_distinct = 0, best = 0, first = 0, last = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t from = hits[i].begin > chars / 4 ? hits[i].begin - chars / 4 : 0;
    for (; first < hits.size() && hits[first].begin < from; ++first) {
      if (first < last && --in_window[hits[first].key] == 0) --distinct;
    }
    last = std::max(last, first);
    for (; last < hits.size() && hits[last].end <= from + chars; ++last) {
      if (in_window[hits[last].key]++ == 0) ++distinct;
    }
    if (distinct > best_distinct) {
      best_distinct = distinct;
      best = i;
      if (distinct == keys.size()) break;
    }
  }
  return hits[best].begin;
}

std::string Snippeter::Highlight(std::string_view text) const {
  std::string out;
  out.reserve(text.size() + 64);
  size_t done = 0, begin, end = 0;
  bool ascii;
  while (NextWord(text, end, &begin, &end, &ascii)) {
    if (!ascii || leads_.empty()) continue;
    size_t match_end = MatchEnd(text, begin, end);
    if (match_end == std::string_view::npos) continue;
    AppendEscaped(&out, text.substr(done, begin - done), true);
    out += start_;
    // A phrase is one mark, its inner spaces folded as elsewhere.
    AppendEscaped(&out, text.substr(begin, match_end - begin), match_end != end);
    out += end_;
    done = end = match_end;
  }
  AppendEscaped(&out, text.substr(done), true);
  return out;
}

std::string Snippeter::Title(const std::string& title) const {
  if (!fast_) return mset_.snippet(title, title.size() + 1, stemmer_, 0, start_, end_, "");
  return Highlight(title);
}

std::string Snippeter::Body(const std::string& body, size_t chars) const {
  if (!fast_) return mset_.snippet(body, chars, stemmer_, 0, start_, end_, kOmitted);
  std::string_view text(body);
  size_t from = 0;
  size_t match = BestMatch(text, chars);
  if (match != std::string_view::npos && match > chars / 4) {
    // Start at a word a little before the match, so it is seen in context.
    size_t begin, end;
    bool ascii;
    from = CharStart(text, match - chars / 4);
    if (NextWord(text, from, &begin, &end, &ascii) && begin <= match) from = begin;
    if (from > 0 && end > from && begin == from) {
      // `from` may sit mid-word: skip to the next word start.
      size_t prev = CharStart(text, from - 1);
      bool word = false;
      CharAt(text, prev, &word);
      if (word && NextWord(text, end, &begin, &end, &ascii) && begin <= match) from = begin;
    }
  }
  size_t to = text.size();
  if (to - from > chars) {
    // Cut at the last word boundary before the limit (or mid-word if none).
    to = CharStart(text, from + chars);
    size_t cut = to;
    while (cut > from + chars / 2 && IsAsciiWordChar(static_cast<unsigned char>(text[cut - 1]))) {
      --cut;
    }
    if (cut > from + chars / 2) to = cut;
  }
  std::string snippet;
  if (from > 0) snippet = kOmitted;
  std::string_view window = text.substr(from, to - from);
  while (!window.empty() && (window.back() == ' ' || window.back() == '\n'))
    window.remove_suffix(1);
  snippet += Highlight(window);
  if (to < text.size()) snippet += kOmitted;
  return snippet;
}

}  // namespace byline
