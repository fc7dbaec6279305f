// Related articles ("more like this"): the query of an article's own most
// distinctive words, and the test that keeps its copies out of the answer.
//
// Thread safety: pure functions over the handles given (one thread's).
#ifndef BYLINE_SRC_RELATED_H_
#define BYLINE_SRC_RELATED_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis.h"
#include "byline/options.h"

namespace byline {

struct RelatedQuery {
  // OR of the words, each scaled by its weight (the heaviest 1); empty
  // (Xapian::Query()) when the article has no usable word.
  Xapian::Query query;
  std::vector<std::string> terms;  // heaviest first
  // OR of the options.candidate_terms heaviest, scaled as in `query`.
  Xapian::Query strongest;
};

// The documents of a sorted list of docids, weight 0: restricts a query to
// candidates found before (a plain local database's docids only).
class DocidSetSource : public Xapian::PostingSource {
 public:
  explicit DocidSetSource(std::vector<Xapian::docid> sorted);
  Xapian::doccount get_termfreq_min() const override { return docids_.size(); }
  Xapian::doccount get_termfreq_est() const override { return docids_.size(); }
  Xapian::doccount get_termfreq_max() const override { return docids_.size(); }
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool at_end() const override { return at_ >= docids_.size(); }
  Xapian::docid get_docid() const override { return docids_[at_]; }
  void init(const Xapian::Database&) override;
  DocidSetSource* clone() const override { return new DocidSetSource(docids_); }

 private:
  std::vector<Xapian::docid> docids_;
  size_t at_ = 0;
  bool started_ = false;
};

// The query of document `docid` (`doc`) of `db`: its plain title and body
// words (never boolean terms, field terms, numbers or `stopwords`), the
// `options.terms` of them with the highest ESet weight over its own term
// list (scaled as RelatedOptions says; those also in its title by
// title_boost). On an index without stemming (`analyzer`'s stemmer "none")
// words are unprefixed terms, else "Z" stems. Throws Xapian::Error.
RelatedQuery BuildRelatedQuery(const Xapian::Database& db, Xapian::docid docid,
                               const Xapian::Document& doc, const Analyzer& analyzer,
                               const std::vector<std::string>& stopwords,
                               const RelatedOptions& options);

// What tells an article's copies: its fingerprint and collapse keys.
struct CopyKeys {
  std::optional<uint64_t> fingerprint;
  std::string url_key;
  std::string title_key;  // empty when the title is
};
CopyKeys CopyKeysOf(const Xapian::Document& doc);

// Whether `candidate` is a copy of `source`: the same url or title key, or
// fingerprints within kNearDuplicateDistance bits.
bool IsCopyOf(const CopyKeys& source, const CopyKeys& candidate);

}  // namespace byline

#endif  // BYLINE_SRC_RELATED_H_
