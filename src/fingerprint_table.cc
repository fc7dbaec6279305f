#include "fingerprint_table.h"

#include <algorithm>

#include "byline/fingerprint.h"
#include "byline/schema.h"
#include "shared_by_key.h"

namespace byline {
namespace {

constexpr int kBands = kNearDuplicateDistance + 1;
static_assert(kBands >= 1 && kBands <= 64, "one band per allowed differing bit, plus one");

int BandLow(int b) { return 64 * b / kBands; }
int BandBits(int b) { return BandLow(b + 1) - BandLow(b); }

// The widest band indexed directly; wider ones (few bands) are folded to
// this many bits, which only adds candidates.
constexpr int kMaxBucketBits = 20;

uint32_t BucketOf(uint64_t fingerprint, int b) {
  const int bits = std::min(BandBits(b), kMaxBucketBits);
  const uint64_t band = fingerprint >> BandLow(b);
  return static_cast<uint32_t>(band & ((uint64_t{1} << bits) - 1));
}

}  // namespace

FingerprintTable FingerprintTable::FromEntries(
    std::vector<std::pair<Xapian::docid, uint64_t>> entries) {
  std::sort(entries.begin(), entries.end());
  FingerprintTable table;
  table.entries_.reserve(entries.size());
  for (const auto& [docid, fingerprint] : entries) table.entries_.push_back({docid, fingerprint});
  table.counts_ = std::make_unique<std::atomic<int32_t>[]>(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) table.counts_[i].store(-1, std::memory_order_relaxed);
  table.bands_.resize(kBands);
  for (int b = 0; b < kBands; ++b) {
    Band& band = table.bands_[static_cast<size_t>(b)];
    const size_t buckets = size_t{1} << std::min(BandBits(b), kMaxBucketBits);
    band.starts.assign(buckets + 1, 0);
    for (const Entry& e : table.entries_) ++band.starts[BucketOf(e.fingerprint, b) + 1];
    for (size_t v = 0; v < buckets; ++v) band.starts[v + 1] += band.starts[v];
    band.members.resize(table.entries_.size());
    std::vector<uint32_t> next(band.starts.begin(), band.starts.end() - 1);
    for (size_t i = 0; i < table.entries_.size(); ++i) {
      band.members[next[BucketOf(table.entries_[i].fingerprint, b)]++] = static_cast<uint32_t>(i);
    }
  }
  return table;
}

FingerprintTable FingerprintTable::Build(const Xapian::Database& db) {
  std::vector<std::pair<Xapian::docid, uint64_t>> entries;
  entries.reserve(db.get_doccount());
  for (auto v = db.valuestream_begin(schema::kFingerprintSlot);
       v != db.valuestream_end(schema::kFingerprintSlot); ++v) {
    if (auto fingerprint = FingerprintFromValue(*v)) {
      entries.emplace_back(v.get_docid(), *fingerprint);
    }
  }
  return FromEntries(std::move(entries));
}

template <typename Visit>
void FingerprintTable::ForEachNear(uint64_t fingerprint, Xapian::docid self, Visit visit) const {
  uint32_t keys[kBands];
  for (int b = 0; b < kBands; ++b) keys[b] = BucketOf(fingerprint, b);
  for (int b = 0; b < kBands; ++b) {
    const Band& band = bands_[static_cast<size_t>(b)];
    const uint32_t* it = band.members.data() + band.starts[keys[b]];
    const uint32_t* end = band.members.data() + band.starts[keys[b] + 1];
    for (; it != end; ++it) {
      const Entry& e = entries_[*it];
      const int distance = FingerprintDistance(fingerprint, e.fingerprint);
      if (distance > kNearDuplicateDistance || e.docid == self) continue;
      // Counted in an earlier band already?
      bool earlier = false;
      for (int a = 0; a < b && !earlier; ++a) earlier = BucketOf(e.fingerprint, a) == keys[a];
      if (!earlier) visit(e.docid, distance);
    }
  }
}

std::vector<std::pair<Xapian::docid, int>> FingerprintTable::Near(uint64_t fingerprint,
                                                                  Xapian::docid self) const {
  std::vector<std::pair<Xapian::docid, int>> out;
  ForEachNear(fingerprint, self,
              [&out](Xapian::docid docid, int distance) { out.emplace_back(docid, distance); });
  return out;
}

uint64_t FingerprintTable::CountNear(uint64_t fingerprint, Xapian::docid self) const {
  auto at = std::lower_bound(entries_.begin(), entries_.end(), self,
                             [](const Entry& e, Xapian::docid d) { return e.docid < d; });
  const bool known = at != entries_.end() && at->docid == self && at->fingerprint == fingerprint;
  std::atomic<int32_t>* memo =
      known ? &counts_[static_cast<size_t>(at - entries_.begin())] : nullptr;
  if (memo) {
    const int32_t known_count = memo->load(std::memory_order_relaxed);
    if (known_count >= 0) return static_cast<uint64_t>(known_count);
  }
  uint64_t count = 0;
  ForEachNear(fingerprint, self, [&count](Xapian::docid, int) { ++count; });
  // Two threads may both count; they store the same number.
  if (memo)
    memo->store(static_cast<int32_t>(std::min<uint64_t>(count, INT32_MAX)),
                std::memory_order_relaxed);
  return count;
}

std::shared_ptr<const FingerprintTable> SharedFingerprintTable(const std::string& key,
                                                               const Xapian::Database& db) {
  return SharedByKey<FingerprintTable>(key, [&] { return FingerprintTable::Build(db); });
}

}  // namespace byline
