// Picking the most frequent of a run of index or spelling terms, as
// search-as-you-type does for the word being typed.
#ifndef BYLINE_SRC_MOST_FREQUENT_TERMS_H_
#define BYLINE_SRC_MOST_FREQUENT_TERMS_H_

#include <xapian.h>

#include <string>
#include <vector>

namespace byline {

struct TermCount {
  std::string term;
  Xapian::doccount freq = 0;  // the iterator's get_termfreq()
};

// The `count` terms from `it` on that start with `prefix` and have the
// highest frequency, most frequent first (ties: alphabetical order). Reads
// at most `max_scan` terms, so that a one-letter prefix on a large index
// still answers within a keystroke, and stops at the first term not
// starting with `prefix`. Throws Xapian::Error.
std::vector<TermCount> MostFrequentTerms(Xapian::TermIterator it, const Xapian::TermIterator& end,
                                         const std::string& prefix, size_t count, size_t max_scan);

}  // namespace byline

#endif  // BYLINE_SRC_MOST_FREQUENT_TERMS_H_
