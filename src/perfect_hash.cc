#include "perfect_hash.h"

#include <cstring>

#include "byline/shard_routing.h"
#include "varint.h"

namespace byline {
namespace {

// More levels than this are never needed (each leaves about 63% of its
// keys; two keys alike in all 64 bits collide at every level).
constexpr int kMaxLevels = 64;

// SplitMix64's finaliser: spreads FNV-1a's bits before they are cut down.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The bit of a key of hash `hash` at `level`, of `bits` (Lemire's
// multiply-shift instead of a modulo).
uint32_t BitAt(uint64_t hash, int level, uint32_t bits) {
  const uint64_t h = Mix(hash + static_cast<uint64_t>(level + 1) * 0x9e3779b97f4a7c15ULL);
  return static_cast<uint32_t>(((h >> 32) * bits) >> 32);
}

bool BitSet(std::string_view bytes, uint64_t bit) {
  return (static_cast<unsigned char>(bytes[bit >> 3]) >> (bit & 7)) & 1;
}

// Set bits in [begin, end) of `bytes`.
uint32_t OnesIn(std::string_view bytes, uint64_t begin, uint64_t end) {
  uint32_t ones = 0;
  while (begin < end && (begin & 63) != 0) ones += BitSet(bytes, begin++);
  for (; begin + 64 <= end; begin += 64) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + (begin >> 3), sizeof word);  // little-endian (x86, arm)
    ones += static_cast<uint32_t>(__builtin_popcountll(word));
  }
  while (begin < end) ones += BitSet(bytes, begin++);
  return ones;
}

}  // namespace

bool AppendPerfectHash(const std::vector<std::string_view>& keys, std::string* out,
                       std::vector<uint32_t>* numbers) {
  const auto n = static_cast<uint32_t>(keys.size());
  std::vector<uint64_t> hashes;
  hashes.reserve(n);
  for (std::string_view key : keys) hashes.push_back(Fnv1a64(key));

  std::vector<uint64_t> placed_at(n);  // each key's bit in the whole table
  std::vector<bool> table;
  std::vector<uint32_t> left(n);
  for (uint32_t i = 0; i < n; ++i) left[i] = i;
  std::vector<uint8_t> hits;
  for (int level = 0; !left.empty(); ++level) {
    if (level == kMaxLevels) return false;
    const auto bits = static_cast<uint32_t>(left.size());
    hits.assign(bits, 0);
    for (uint32_t k : left) {
      uint8_t& h = hits[BitAt(hashes[k], level, bits)];
      if (h < 2) ++h;
    }
    const uint64_t first = table.size();
    for (uint32_t b = 0; b < bits; ++b) table.push_back(hits[b] == 1);
    std::vector<uint32_t> next;
    for (uint32_t k : left) {
      const uint32_t b = BitAt(hashes[k], level, bits);
      if (hits[b] == 1) {
        placed_at[k] = first + b;
      } else {
        next.push_back(k);
      }
    }
    left.swap(next);
  }

  // A key's number: the set bits before its own.
  std::vector<uint32_t> rank(table.size());
  uint32_t ones = 0;
  for (size_t b = 0; b < table.size(); ++b) {
    rank[b] = ones;
    ones += table[b] ? 1 : 0;
  }
  numbers->resize(n);
  for (uint32_t k = 0; k < n; ++k) (*numbers)[k] = rank[placed_at[k]];

  PutVarint(out, n);
  const size_t start = out->size();
  out->resize(start + (table.size() + 7) / 8, '\0');
  for (size_t b = 0; b < table.size(); ++b) {
    if (table[b]) (*out)[start + b / 8] |= static_cast<char>(1u << (b % 8));
  }
  return true;
}

bool PerfectHash::Parse(std::string_view data, size_t* used) {
  size_t at = 0;
  uint64_t n;
  levels_.clear();
  if (!GetVarint(data, &at, &n) || n > 8 * (data.size() - at)) return false;
  size_ = static_cast<uint32_t>(n);
  bits_ = data.substr(at);
  uint64_t first = 0;
  uint32_t placed = 0;
  for (uint32_t left = size_; left > 0;) {
    if (levels_.size() == kMaxLevels || first + left > 8 * bits_.size()) return false;
    levels_.push_back({first, left, placed});
    const uint32_t ones = OnesIn(bits_, first, first + left);
    placed += ones;
    left -= ones;
    first += levels_.back().bits;
  }
  bits_ = bits_.substr(0, (first + 7) / 8);
  *used = at + bits_.size();
  return true;
}

uint32_t PerfectHash::NumberOf(std::string_view key) const {
  const uint64_t hash = Fnv1a64(key);
  for (size_t level = 0; level < levels_.size(); ++level) {
    const Level& l = levels_[level];
    const uint64_t bit = l.first_bit + BitAt(hash, static_cast<int>(level), l.bits);
    if (BitSet(bits_, bit)) return l.ones_before + OnesIn(bits_, l.first_bit, bit);
  }
  return size_;
}

}  // namespace byline
