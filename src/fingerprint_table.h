// FingerprintTable: every article's near-duplicate fingerprint
// (schema::kFingerprintSlot) held in memory, to find an article's
// near-duplicates in the whole index without reading the index.
//
// Read once from the slot's value stream (a Searcher reads it again after
// each reopen, on first use). Lookups are exact, by the pigeonhole
// principle: the 64 bits are cut into kNearDuplicateDistance + 1 bands, so
// two fingerprints within that distance agree exactly on at least one band.
// Each band indexes the articles by their value of it (a bucket per value),
// and only the articles sharing a band value with the fingerprint looked up
// are compared with it. Memory: 20 + 4 x bands bytes per article (56 at
// distance 8), plus the buckets' offsets (4 bytes x 2^band bits per band).
//
// Shared: the Searchers of one process reading the same revision of the
// same generation share one table (SharedFingerprintTable), so memory does
// not grow with the number of Searchers (searchd keeps one per concurrent
// search).
//
// Thread safety: const methods may be called from any thread (CountNear's
// memo is atomic).
#ifndef BYLINE_SRC_FINGERPRINT_TABLE_H_
#define BYLINE_SRC_FINGERPRINT_TABLE_H_

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace byline {

class FingerprintTable {
 public:
  // Reads every fingerprint of `db`. Throws Xapian::Error.
  static FingerprintTable Build(const Xapian::Database& db);
  // From (docid, fingerprint) pairs, docids distinct.
  static FingerprintTable FromEntries(std::vector<std::pair<Xapian::docid, uint64_t>> entries);

  // The articles other than `self` within kNearDuplicateDistance of
  // `fingerprint`, with their distance, in no particular order.
  std::vector<std::pair<Xapian::docid, int>> Near(uint64_t fingerprint, Xapian::docid self) const;
  // How many Near would list; remembered per `self` when it is in the table
  // with this fingerprint.
  uint64_t CountNear(uint64_t fingerprint, Xapian::docid self) const;

  size_t size() const { return entries_.size(); }

 private:
  template <typename Visit>
  void ForEachNear(uint64_t fingerprint, Xapian::docid self, Visit visit) const;

  struct Entry {
    Xapian::docid docid;
    uint64_t fingerprint;
  };
  std::vector<Entry> entries_;  // by docid
  // Per band: bucket v holds members[starts[v] .. starts[v + 1]) (indexes
  // into entries_).
  struct Band {
    std::vector<uint32_t> starts;
    std::vector<uint32_t> members;
  };
  std::vector<Band> bands_;
  // CountNear per entry; -1 until asked.
  std::unique_ptr<std::atomic<int32_t>[]> counts_;
};

// The table of `db`, shared with every caller passing the same `key`
// while one of them still holds it; `key` must name exactly what `db`
// holds (e.g. generation directory and revision). Builds it (Build) when
// nobody holds one. Throws Xapian::Error.
std::shared_ptr<const FingerprintTable> SharedFingerprintTable(const std::string& key,
                                                               const Xapian::Database& db);

}  // namespace byline

#endif  // BYLINE_SRC_FINGERPRINT_TABLE_H_
