// Phrase and NEAR queries on an index whose positions are in streams
// (src/position_stream.h) rather than in Xapian's position table.
//
// Xapian matches OP_PHRASE and OP_NEAR as a plain AND of their words on a
// database without a position table. WithPhraseChecks rewrites each such
// subquery into the AND of its words (the same weight: a phrase weighs what
// its words weigh) filtered by a PhraseCheckSource, which reads each
// candidate's stream and keeps it only when the words stand as the
// operator asks. Articles of a database written with a position table (an
// older index) are checked against that table instead, so a search over
// both kinds matches as Xapian would.
//
// Not over remote shards: xapian-tcpsrv runs only Xapian's own posting
// sources (the Searcher leaves phrases to the server there, and warns).
//
// Thread safety: a PhraseCheckSource is used by one match at a time (Xapian
// clones it per database); WithPhraseChecks is a pure function.
#ifndef BYLINE_SRC_PHRASE_CHECK_H_
#define BYLINE_SRC_PHRASE_CHECK_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "position_stream.h"

namespace byline {

// What a phrase-like operator asks of its words' positions.
struct PhraseSpec {
  // The words in order; each is a set of terms any of which will do (an
  // OP_OR or OP_SYNONYM of terms in the query).
  std::vector<std::vector<std::string>> words;
  // The window the positions must fit in: last - first < window.
  Xapian::termcount window = 0;
  // OP_PHRASE: in the given order; OP_NEAR: any order.
  bool ordered = true;
};

// Whether positions satisfy `spec` (as Xapian's OP_PHRASE and OP_NEAR do):
// positions[i] holds the ascending positions of word i in an article.
// Ordered: p0 < p1 < ... with p_last - p0 < window; unordered: distinct
// positions, one per word, all within the window.
bool PositionsMatch(const std::vector<std::vector<Xapian::termpos>>& positions, bool ordered,
                    Xapian::termcount window);

// `query` with every OP_PHRASE and OP_NEAR it holds checked through
// position streams of `slot`. A phrase whose words are not all terms (or
// ORs of terms), or which sits under an operator this cannot rebuild, is
// left as it is (Xapian then matches it as AND). Returns `query` itself
// when it holds no phrase.
Xapian::Query WithPhraseChecks(const Xapian::Query& query, Xapian::valueno slot);

// Whether `query` holds an OP_PHRASE or OP_NEAR.
bool HasPhrases(const Xapian::Query& query);

// The words and window of an OP_PHRASE or OP_NEAR subquery; false when a
// word is not a term or an OR/SYNONYM of terms.
bool ReadPhraseSpec(const Xapian::Query& phrase, PhraseSpec* spec);

// Keeps the articles whose positions satisfy a PhraseSpec. Used as the
// right side of an OP_FILTER whose left side is the AND of the words;
// weighs nothing.
class PhraseCheckSource : public Xapian::PostingSource {
 public:
  PhraseCheckSource(PhraseSpec spec, Xapian::valueno slot);

  PhraseCheckSource* clone() const override;
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return articles_; }
  Xapian::doccount get_termfreq_max() const override { return articles_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  std::string get_description() const override;

  // Whether article `did` satisfies the spec (public for tests).
  bool Matches(Xapian::docid did);

 private:
  // Moves to the first candidate >= `did` that matches.
  void MoveTo(Xapian::docid did);
  // Whether article `did` holds wanted_[wanted] (by its posting list).
  bool Holds(size_t wanted, Xapian::docid did);
  // For a plain phrase: whether the words' latest positions (by word, 0
  // for none yet) make a chain that fits, ending at the last word's.
  bool ChainFits(const std::vector<Xapian::termpos>& latest) const;

  PhraseSpec spec_;
  Xapian::valueno slot_;
  Xapian::Database db_;
  // The posting lists of the first word's terms: every match is in one.
  std::vector<Xapian::PostingIterator> firsts_;
  Xapian::ValueIterator streams_;
  std::vector<std::string> wanted_;                // every term of the spec, sorted, once
  std::vector<Xapian::PostingIterator> postings_;  // wanted_'s posting lists
  Xapian::termcount window_ = 0;                   // spec_.window, at least the word count
  // An OP_PHRASE of single, distinct terms: checked as its stream is read.
  bool plain_phrase_ = false;
  std::vector<size_t> word_of_wanted_;  // plain phrases: wanted_[i] is word i's
  // A plain phrase whose window is its length: its words at consecutive
  // positions, their numbers (by word, in run_) searched for as bytes.
  bool adjacent_words_ = false;
  std::vector<uint32_t> run_;
  // A stream's term number -> 1 + its index in wanted_ (0: not wanted);
  // kept between candidates, cleared after each.
  std::vector<uint32_t> wanted_of_number_;
  // Matches()' scratch, kept so that a candidate allocates little beyond
  // the copy of its stream Xapian hands over: the parsed stream (a view of
  // that copy), the numbers marked in wanted_of_number_, each word's latest
  // position (plain phrases), and each wanted term's positions.
  PositionStream parsed_;
  std::vector<uint32_t> marked_;
  std::vector<Xapian::termpos> latest_;
  std::vector<std::vector<Xapian::termpos>> of_term_;
  // The database's article count: what the source says it matches (see
  // init()).
  Xapian::doccount articles_ = 0;
  Xapian::docid current_ = 0;
  bool current_matches_ = false;  // whether `current_` satisfies the spec
  bool at_end_ = false;
};

}  // namespace byline

#endif  // BYLINE_SRC_PHRASE_CHECK_H_
