// BM25 weights with article lengths held in memory.
//
// Why: Xapian 1.4 looks each candidate's length up in glass's length list,
// scanning that list's chunk entry by entry; at 400k articles this was
// about 40% of a search's time (perf; bench/RESULTS.md, "BM25 with article
// lengths in memory"). WithLengthsInMemory puts in place of each weighted term of a
// query a posting source that walks the term's postings and weighs them with
// Xapian's own BM25 or BM25+ formula (the same parameters and the whole
// database's statistics), reading each length from an array per shard: the
// same matches and weights as Xapian's, in less time.
//
// The arrays (4 bytes an article) are read once per revision of a shard, on
// first use, and shared by every ArticleLengths of the process reading that
// revision (src/shared_by_key.h).
//
// Left to Xapian: terms inside OP_PHRASE and OP_NEAR (Xapian reads their
// positions; on a compact index phrases are first rewritten into checked
// ANDs of their words, src/phrase_check.h, whose terms are then ours),
// synonyms, wildcards, elite sets, OP_XOR and OP_MAX, terms whose weight does not count
// (the right of a filter), and searches over remote shards (xapian-tcpsrv
// runs no posting source of ours).
//
// Thread safety: an ArticleLengths belongs to one Searcher; a
// Bm25TermSource to one match (Xapian clones it per shard).
#ifndef BYLINE_SRC_BM25_TERMS_H_
#define BYLINE_SRC_BM25_TERMS_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace byline {

// Xapian's BM25Weight(k1, 0, k3, b, min_normlen), or, when delta > 0,
// BM25PlusWeight(k1, 0, k3, b, min_normlen, delta).
struct Bm25Parameters {
  double k1 = 1.2;
  double k3 = 1;
  double b = 0.75;
  double min_normlen = 0.5;
  double delta = 0;
};

// The lengths of the articles of the shards a Searcher's searches met.
class ArticleLengths {
 public:
  // The lengths of the articles of `shard` (one database, as a posting
  // source's init() gets it), by docid; null when it has no uuid and
  // revision to know them by (an in-memory database). Read on first sight.
  // Throws Xapian::Error.
  const std::vector<Xapian::termcount>* Of(const Xapian::Database& shard);

  // Forgets every shard: the database changed.
  void Clear() { shards_.clear(); }

 private:
  std::vector<std::pair<std::string, std::shared_ptr<const std::vector<Xapian::termcount>>>>
      shards_;
};

// `query` with its weighted terms weighed by Bm25TermSources over `db`'s
// statistics (see the top of this file); `query` itself when it has none.
// `lengths` must outlive the query's matches.
Xapian::Query WithLengthsInMemory(const Xapian::Query& query, const Xapian::Database& db,
                                  const Bm25Parameters& parameters, ArticleLengths* lengths);

// The postings of one term, weighed as Xapian's BM25 weighs them.
class Bm25TermSource : public Xapian::PostingSource {
 public:
  // What the weight needs of the whole database (every shard).
  struct Statistics {
    Xapian::doccount articles = 0;   // in the database
    Xapian::doccount with_term = 0;  // holding the term
    double average_length = 0;
  };

  Bm25TermSource(std::string term, Xapian::termcount wqf, const Statistics& statistics,
                 const Bm25Parameters& parameters, ArticleLengths* lengths);

  Bm25TermSource* clone() const override;
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return !before_start_ && it_ == end_; }
  Xapian::docid get_docid() const override { return *it_; }
  double get_weight() const override;
  std::string get_description() const override;

 private:
  // The weight of a posting of `wdf` in an article of `length`.
  double WeightOf(Xapian::termcount wdf, Xapian::termcount length) const;

  std::string term_;
  Xapian::termcount wqf_;
  Statistics statistics_;
  Bm25Parameters parameters_;
  ArticleLengths* lengths_;
  // From the statistics, as Xapian's init() works them out.
  double termweight_ = 0;
  double length_factor_ = 0;  // 1 / average length, or 0 when lengths do not count
  // The shard being matched.
  Xapian::Database db_;
  const std::vector<Xapian::termcount>* shard_lengths_ = nullptr;  // null: ask db_
  Xapian::PostingIterator it_, end_;
  bool before_start_ = true;
  Xapian::doccount termfreq_ = 0;  // in this shard
};

}  // namespace byline

#endif  // BYLINE_SRC_BM25_TERMS_H_
