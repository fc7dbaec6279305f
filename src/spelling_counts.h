// SpellingCounts: the words of titles and bodies counted in memory while
// articles are analysed, then added to a database's spelling table once per
// distinct word, with its count, when the writer commits.
//
// Words starting with a digit are left out: did_you_mean never corrects a
// number and completing one is noise, and in a news archive they are a
// third of the distinct words.
//
// Why not TermGenerator's FLAG_SPELLING: it calls add_spelling once per word
// occurrence (3.8 million at 22k articles, each a std::map update), and that
// was most of what "did you mean" data cost a build. Counting here and
// adding each word once, in sorted order, does the same work for a fraction
// of the time (bench/RESULTS.md, "Indexing"). The words are tokenised
// exactly as FLAG_SPELLING would: TermGenerator reports each to a Stopper
// that never stops anything.
//
// Thread safety: none; one per worker.
#ifndef BYLINE_SRC_SPELLING_COUNTS_H_
#define BYLINE_SRC_SPELLING_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include <xapian.h>

namespace byline {

class SpellingCounts {
 public:
  SpellingCounts();
  SpellingCounts(const SpellingCounts&) = delete;
  SpellingCounts& operator=(const SpellingCounts&) = delete;

  // Makes `generator` report every word it indexes to this object; only
  // those indexed while counting() is on are counted. `generator` must not
  // have a stopper of its own, and this object must outlive it.
  void Attach(Xapian::TermGenerator* generator);

  // On for the text whose words belong in the spelling table (titles and
  // bodies, the unprefixed text), off for the rest.
  void set_counting(bool on) { listener_.counting = on; }
  bool counting() const { return listener_.counting; }

  size_t distinct_words() const { return listener_.counts.size(); }

  // Adds each counted word to `db`'s spelling data with its count, in
  // sorted order, committing every `commit_every` words (which bounds the
  // memory Xapian buffers), then forgets them. The caller commits the rest.
  // REQUIRES: the caller catches Xapian::Error.
  void WriteTo(Xapian::WritableDatabase* db, size_t commit_every = 50000);

 private:
  // Never stops a word; counts it when counting is on.
  struct Listener : Xapian::Stopper {
    bool operator()(const std::string& word) const override;
    mutable std::unordered_map<std::string, uint32_t> counts;
    bool counting = false;
  };
  Listener listener_;
};

}  // namespace byline

#endif  // BYLINE_SRC_SPELLING_COUNTS_H_
