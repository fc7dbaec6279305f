// Facet counting: a Xapian MatchSpy that tallies the values of one slot over
// every document the matcher considers, splitting multi-valued slots (tags).
//
// Thread safety: one per query; not shared.
#ifndef BYLINE_SRC_FACETS_H_
#define BYLINE_SRC_FACETS_H_

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "byline/schema.h"
#include "byline/searcher.h"

namespace byline {

class FacetCounter : public Xapian::MatchSpy {
 public:
  // `multi_valued`: the slot holds items joined by schema::kListSeparator,
  // each counted once per document. `collapse_slot`: the search collapses
  // documents with the same value there (Enquire::set_collapse_key), so a
  // group of copies counts once, as the results show it: by the first copy
  // the matcher meets (copies share their facet values but for rare cases).
  FacetCounter(Xapian::valueno slot, bool multi_valued,
               Xapian::valueno collapse_slot = Xapian::BAD_VALUENO);

  void operator()(const Xapian::Document& doc, double weight) override;
  Xapian::MatchSpy* clone() const override;
  std::string name() const override;

  // The `size` most frequent values, ties broken by value.
  std::vector<FacetValue> Top(size_t size) const;
  // Every value counted, and the documents counted (a collapsed group once,
  // with or without a value).
  const std::unordered_map<std::string, uint64_t>& counts() const { return counts_; }
  uint64_t documents() const { return documents_; }

 private:
  Xapian::valueno slot_;
  bool multi_valued_;
  Xapian::valueno collapse_slot_;
  std::unordered_map<std::string, uint64_t> counts_;
  uint64_t documents_ = 0;
  std::unordered_set<uint64_t> groups_seen_;  // hashes of collapse keys counted
};

// The slot and shape of each facet field, per the schema; the date facet
// counts `date_slot` (DateFacetSlot).
FacetCounter* NewFacetCounter(FacetField field, Xapian::valueno collapse_slot = Xapian::BAD_VALUENO,
                              Xapian::valueno date_slot = schema::kPublishedDaySlot);

// The slot the date facet of `db` counts: kPublishedDaySlot (one entry per
// day) when every dated article has it, else kPublishedSlot (an index, or a
// shard, written before the day slot existed). Both hold sortable_serialise'd
// seconds, so the counts are read the same way.
Xapian::valueno DateFacetSlot(const Xapian::Database& db);

}  // namespace byline

#endif  // BYLINE_SRC_FACETS_H_
