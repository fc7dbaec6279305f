// SpellingCorrector: "did you mean" for a query's text. Each word is
// corrected on its own, from the index's spelling table (the words of
// titles and bodies as written, with their number of occurrences):
//
//  - a word the index does not know at all becomes the most frequent of the
//    closest words it does know (up to two edits away, Xapian's
//    get_spelling_suggestion);
//  - a word the index knows but rarely (a typo that made it into a few
//    articles: "tonny", "goverment"), at most once per
//    kArticlesPerRareWord articles (or kMinRareWord times), becomes a word
//    one edit away that occurs at least kKnownWordRatio times as often;
//    words shorter than kMinKnownWordChars are left alone (short words have
//    many neighbours). The words one edit away are looked up in the spelling
//    table directly (0.1-0.2 ms a word on a 400k-article index, where
//    Xapian's trigram search takes 1-2 ms); a word seen more often is taken
//    as meant and not looked up at all;
//  - every other word stays.
//
// A word is known when the spelling table has it, or its stem (or itself)
// is indexed: its frequency is the highest of those counts. Only the words
// a correction could change are looked at; everything else in the text is
// left exactly as typed: operators, "quoted phrases", field names and
// values (title:x, source:"BBC News", title:(a b)), wildcards (word*),
// excluded words (-word, NOT word), numbers, single letters and spacing. A
// corrected word keeps the capitals of the typed one (Tonny -> Tony).
//
// Why not Xapian's QueryParser FLAG_SPELLING_CORRECTION: it takes a word for
// a typo when no term equals it, and an index of stems only (STEM_ALL_Z)
// has no such terms, so every word of a query ("cash" -> "case") would be
// "corrected"; nor does it leave phrases alone.
//
// Thread safety: not thread-safe; one per Searcher.
#ifndef BYLINE_SRC_SPELLING_CORRECTOR_H_
#define BYLINE_SRC_SPELLING_CORRECTOR_H_

#include <xapian.h>

#include <string>

namespace byline {

class SpellingCorrector {
 public:
  // A known word is corrected only to a word at least this many times as frequent.
  static constexpr unsigned kKnownWordRatio = 10;
  // Known words shorter than this (in characters) are never corrected.
  static constexpr size_t kMinKnownWordChars = 4;
  // A known word is looked at only when it occurs at most once per this
  // many articles, or at most kMinRareWord times.
  static constexpr Xapian::doccount kArticlesPerRareWord = 1000;
  static constexpr Xapian::termcount kMinRareWord = 3;
  // At most this many words of one query are looked up (the lookups are
  // what a correction costs); later ones are left as typed.
  static constexpr size_t kMaxLookups = 8;

  // `db` and `stemmer` must outlive this corrector.
  SpellingCorrector(const Xapian::Database& db, const Xapian::Stem& stemmer)
      : db_(db), stemmer_(stemmer) {}

  // The text with likely typos corrected; empty when there were none (or
  // no better word is known).
  std::string Correct(const std::string& text) const;

 private:
  // How often the index holds `word` (lower-case): see above; 0 when unknown.
  Xapian::termcount Frequency(const std::string& word) const;
  // The correction of `word` (lower-case), or "" to keep it.
  std::string CorrectWord(const std::string& word) const;

  const Xapian::Database& db_;
  const Xapian::Stem& stemmer_;
};

}  // namespace byline

#endif  // BYLINE_SRC_SPELLING_CORRECTOR_H_
