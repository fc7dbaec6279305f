// SpellingCorrector: "did you mean" for a query's text. Each word the index
// does not know is replaced by the closest word in the index's spelling
// table; everything else in the text (operators, quotes, fields, wildcards)
// is left as the user typed it.
//
// Why not Xapian's QueryParser FLAG_SPELLING_CORRECTION: it takes a word for
// a typo when no term equals it, and an index of stems only (STEM_ALL_Z)
// has no such terms, so every word of a query ("cash" -> "case") would be
// "corrected". Here a word is known when the spelling table has it or its
// stem is indexed. It is also cheaper: only unknown words are looked up.
//
// Thread safety: not thread-safe; one per Searcher.
#ifndef BYLINE_SRC_SPELLING_CORRECTOR_H_
#define BYLINE_SRC_SPELLING_CORRECTOR_H_

#include <xapian.h>

#include <string>

namespace byline {

class SpellingCorrector {
 public:
  // `db` and `stemmer` must outlive this corrector.
  SpellingCorrector(const Xapian::Database& db, const Xapian::Stem& stemmer)
      : db_(db), stemmer_(stemmer) {}

  // The text with likely typos corrected; empty when there were none (or
  // no better word is known).
  std::string Correct(const std::string& text) const;

 private:
  bool Known(const std::string& word) const;

  const Xapian::Database& db_;
  const Xapian::Stem& stemmer_;
};

}  // namespace byline

#endif  // BYLINE_SRC_SPELLING_CORRECTOR_H_
