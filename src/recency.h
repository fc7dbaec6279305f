// Recency boost: a posting source over the published slot whose weight
// halves with every half-life of an article's age. Combined with the text
// query by OP_AND_MAYBE, it adds to BM25 rather than replacing it.
//
// Thread safety: one per query; Xapian clones it per database shard.
#ifndef BYLINE_SRC_RECENCY_H_
#define BYLINE_SRC_RECENCY_H_

#include <xapian.h>

#include <string>

namespace byline {

class RecencyPostingSource : public Xapian::ValuePostingSource {
 public:
  // `now` and `half_life` in seconds; `max_weight` is the boost of an
  // article published at `now` (or later). REQUIRES: half_life > 0.
  RecencyPostingSource(double now, double half_life, double max_weight);

  void init(const Xapian::Database& database) override;
  double get_weight() const override;
  RecencyPostingSource* clone() const override;
  std::string name() const override;

 private:
  double now_;
  double half_life_;
  double max_weight_;
};

// `query` with the recency boost blended in; articles without a date keep
// their text score.
Xapian::Query WithRecencyBoost(const Xapian::Query& query, double half_life_days,
                               double max_weight);

}  // namespace byline

#endif  // BYLINE_SRC_RECENCY_H_
