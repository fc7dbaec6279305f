// WordTable: the distinct words a writer meets while TermGenerator indexes
// articles, each with its stem and its number of occurrences in titles and
// bodies. It serves two purposes, for one hash lookup a word:
//
//  - Stems are cached: an article has hundreds of words but far fewer
//    distinct ones, and Snowball's stemming was a third of TermGenerator's
//    time.
//  - Spelling data is counted, then added to the database once per distinct
//    word with its count when the writer commits (a bulk build: once every
//    shard is done, see WriteSpellingShare). TermGenerator's own
//    FLAG_SPELLING calls add_spelling once per occurrence (3.8 million at
//    22k articles, each a std::map update), which was most of what the "did
//    you mean" data cost a build. Words starting with a digit are not
//    counted: did_you_mean never corrects a number and completing one is
//    noise, and they are many of the distinct words (12% of a shard's on
//    the 100k benchmark corpus).
//
// TermGenerator reports each word to a Stopper that never stops anything
// (the table counts it there) and then stems it with the table's caching
// stemmer, so the words are tokenised and stemmed exactly as without the
// table; a test compares both the documents and the spelling data with
// Xapian's own.
//
// Thread safety: none, one per writer thread; except that several
// WriteSpellingShare calls may read the same tables at once.
#ifndef BYLINE_SRC_WORD_TABLE_H_
#define BYLINE_SRC_WORD_TABLE_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace byline {

// A bulk build (a new generation) keeps in the spelling data only the words
// it counted at least this often: a word seen once is mostly a typo, a name
// or a fragment, no use to "did you mean" or /suggest, and such words were a
// third of the spelling data (bench/RESULTS.md, "Where the bytes are").
// Updates add every word they count (they cannot tell whether a word new to
// the spelling data was seen once before), so a word seen once by a build
// and again by an update is offered from then on. (A shard that spills its
// counts during a build, past its limit of distinct words, writes every word
// counted so far: on such archives some words seen once stay.)
inline constexpr uint32_t kMinBulkSpellingCount = 2;

class WordTable {
 public:
  WordTable();
  ~WordTable();
  WordTable(const WordTable&) = delete;
  WordTable& operator=(const WordTable&) = delete;

  // Makes `generator` report every word it indexes to this table and stem
  // through it with `stemmer`. `generator` must not have a stopper of its
  // own; this table must outlive it.
  void Attach(Xapian::TermGenerator* generator, const Xapian::Stem& stemmer);

  // On for the text whose words belong in the spelling data (titles and
  // bodies, the unprefixed text), off for the rest.
  void set_counting(bool on) { counting_ = on; }

  size_t distinct_words() const { return entries_.size(); }

  // The stem of `word` (lower-cased) by the stemmer given to Attach(), from
  // the same cache TermGenerator stems through; `word` itself when there is
  // no stemmer. Counts nothing.
  std::string Stem(const std::string& word);

  // Adds each counted word to `db`'s spelling data with its count, in
  // sorted order, committing every `commit_every` words (which bounds the
  // memory Xapian buffers), then forgets every word. The caller commits the
  // rest.
  // REQUIRES: the caller catches Xapian::Error.
  void WriteSpelling(Xapian::WritableDatabase* db, size_t commit_every = 50000);

  // Forgets every word counted (changes that are not written after all).
  void Clear();

  // Takes each counted word's count off its frequency in `db`'s spelling
  // data (Xapian drops a word whose frequency reaches 0), then forgets every
  // word. For the words of replaced and deleted articles.
  // REQUIRES: the caller catches Xapian::Error.
  void RemoveSpelling(Xapian::WritableDatabase* db);

  // Adds to `db`'s spelling data the counted words of `tables` whose hash
  // falls in share `share` of `shares` and whose count summed over the
  // tables is at least `min_count`, each once, with that count, in sorted
  // order. Writing every share, each to a
  // database of its own, adds each word exactly once, so the shares can be
  // written in parallel and merged by the compactor without adding up the
  // same word twice. The tables are left as they are.
  // REQUIRES: nothing changes the tables meanwhile; the caller catches
  // Xapian::Error.
  static void WriteSpellingShare(const std::vector<const WordTable*>& tables, size_t share,
                                 size_t shares, uint32_t min_count, Xapian::WritableDatabase* db,
                                 size_t commit_every = 50000);

 private:
  struct Word {
    uint32_t count = 0;  // occurrences while counting
    bool stemmed = false;
    std::string stem;
  };
  class Counter;
  class CachingStemmer;

  // The entry of `word`. TermGenerator asks the stopper, then the stemmer,
  // about the same word: the entry found first is remembered for the second.
  Word& Lookup(const std::string& word);

  struct Entry {
    std::string word;
    size_t hash;  // std::hash of word
    Word value;
  };
  // The slot of `word` (whose std::hash is `hash`), or the empty slot where
  // it would go.
  size_t Probe(const std::string& word, size_t hash) const;
  // The entry of `word`, null when there is none.
  const Word* Find(const std::string& word, size_t hash) const;
  // Doubles the slots (kept at most half full).
  void Grow();

  // An open-addressing table (a lookup is one word per token: 8% of a
  // build's time with std::unordered_map, whose nodes cost a cache miss
  // more). Each slot holds the top 32 bits of its word's hash and its
  // index + 1 in entries_ (0: empty); the entries live in a deque, so a
  // Word& stays valid as the table grows.
  std::vector<uint64_t> slots_;
  std::deque<Entry> entries_;
  // The last entry looked up; valid until the table is cleared.
  const std::string* last_word_ = nullptr;
  Word* last_entry_ = nullptr;
  bool counting_ = false;
  Xapian::Stem stemmer_;              // as given to Attach()
  std::unique_ptr<Counter> counter_;  // given to the generator, not owned by it
};

}  // namespace byline

#endif  // BYLINE_SRC_WORD_TABLE_H_
