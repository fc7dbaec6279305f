// Snippeter: highlighted, HTML-escaped title and body snippets for the hits
// of one search.
//
// Xapian's MSet::snippet tokenises and stems every word of the text it is
// given, and sets itself up anew on every call: on this corpus that was
// nearly two thirds of a query's time. Snippeter collects the query's words
// once per search, then scans text with a byte-level tokenizer that follows
// TermGenerator's word rules (Unicode word characters via Xapian::Unicode),
// folds ASCII case, and stems only the words whose first two letters could
// match. It picks a window around the first match, escapes the text, and
// wraps matching words.
//
// Where that scan cannot decide exactly as Xapian would (wildcards, phrases,
// query words outside ASCII letters and digits), it uses MSet::snippet.
// On an index of stems only (`stems_only`), MSet::snippet of Xapian 1.4
// marks nothing for phrases and wildcards (it looks for the words as
// written, which such a query does not hold), so the scan handles those
// itself: a phrase is marked where its words' stems stand together, a
// wildcard where a word's stem starts with its text.
//
// Thread safety: none; one per search.
#ifndef BYLINE_SRC_SNIPPETER_H_
#define BYLINE_SRC_SNIPPETER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace byline {

class Snippeter {
 public:
  // REQUIRES: mset, query and stemmer outlive this object.
  Snippeter(const Xapian::MSet& mset, const Xapian::Query& query, const Xapian::Stem& stemmer,
            bool stems_only, std::string highlight_start, std::string highlight_end);

  // The whole title, escaped, with the matches highlighted.
  std::string Title(const std::string& title) const;

  // At most about `chars` bytes of the body, starting a little before a
  // match (or at its start), escaped, matches highlighted, whitespace
  // folded, and "…" where text was left out. The match is the one whose
  // window holds the most distinct query words, the first such.
  std::string Body(const std::string& body, size_t chars) const;

  // Byte offset of the first word of `text` that matches a query word;
  // npos when there is none. Only meaningful when fast().
  size_t FirstMatch(std::string_view text) const;

  // False when every snippet goes through MSet::snippet (see above).
  bool fast() const { return fast_; }

  // Whether a Snippeter of `query` (and `stems_only`) would leave its
  // snippets to MSet::snippet, which reads the terms of the query the
  // Enquire ran.
  static bool UsesXapian(const Xapian::Query& query, bool stems_only);

 private:
  bool WordMatches(std::string_view word) const;
  // Byte offset of the match Body() starts its window of `chars` bytes
  // near: the first of those whose window holds the most distinct query
  // words (a phrase counts as one, a word by its stem); npos if none.
  size_t BestMatch(std::string_view text, size_t chars) const;
  // Where the match starting with the word text[begin, end) ends (past the
  // last word of a phrase), or npos when that word starts no match. With
  // `key`, also which query word matched (a stem, or a phrase's stems).
  size_t MatchEnd(std::string_view text, size_t begin, size_t end,
                  std::string* key = nullptr) const;
  // The words of an index of stems only: terms, phrases, wildcards.
  void CollectStemsOnly(const Xapian::Query& query);
  // Escapes text[from, to) and highlights matching words.
  std::string Highlight(std::string_view text) const;

  const Xapian::MSet& mset_;
  const Xapian::Stem& stemmer_;
  std::string start_, end_;
  std::unordered_set<std::string> words_;          // unstemmed query words
  std::unordered_set<std::string> stems_;          // stemmed query words ("Z" terms)
  std::unordered_set<uint16_t> leads_;             // first two bytes of each of the above
  std::vector<std::vector<std::string>> phrases_;  // stems in order (stems_only)
  std::vector<std::string> wildcards_;             // stem prefixes (stems_only)
  bool any_lead_ = false;                          // a one-letter wildcard: no lead filter
  bool fast_ = true;
};

}  // namespace byline

#endif  // BYLINE_SRC_SNIPPETER_H_
