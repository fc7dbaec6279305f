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
//
// Thread safety: none; one per search.
#ifndef BYLINE_SRC_SNIPPETER_H_
#define BYLINE_SRC_SNIPPETER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include <xapian.h>

namespace byline {

class Snippeter {
 public:
  // REQUIRES: mset, query and stemmer outlive this object.
  Snippeter(const Xapian::MSet& mset, const Xapian::Query& query, const Xapian::Stem& stemmer,
            std::string highlight_start, std::string highlight_end);

  // The whole title, escaped, with the matches highlighted.
  std::string Title(const std::string& title) const;

  // At most about `chars` bytes of the body, starting a little before its
  // first match (or at its start), escaped, matches highlighted, whitespace
  // folded, and "…" where text was left out.
  std::string Body(const std::string& body, size_t chars) const;

  // Byte offset of the first word of `text` that matches a query word;
  // npos when there is none. Only meaningful when fast().
  size_t FirstMatch(std::string_view text) const;

  // False when every snippet goes through MSet::snippet (see above).
  bool fast() const { return fast_; }

 private:
  bool WordMatches(std::string_view word) const;
  // Escapes text[from, to) and highlights matching words.
  std::string Highlight(std::string_view text) const;

  const Xapian::MSet& mset_;
  const Xapian::Stem& stemmer_;
  std::string start_, end_;
  std::unordered_set<std::string> words_;  // unstemmed query words
  std::unordered_set<std::string> stems_;  // stemmed query words ("Z" terms)
  std::unordered_set<uint16_t> leads_;     // first two bytes of each of the above
  bool fast_ = true;
};

}  // namespace byline

#endif  // BYLINE_SRC_SNIPPETER_H_
