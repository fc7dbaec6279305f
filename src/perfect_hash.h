// Minimal perfect hashing of one article's terms: each of its n distinct
// terms gets its own number in 0..n-1, found from the term alone.
//
// Why: a position stream (src/position_stream.h) names the term at each
// position by a number. Numbering terms by their place in the article's
// termlist cost nothing to store, but a phrase check then had to read and
// decompress the whole termlist of every candidate to learn its words'
// numbers (p99 56 ms at 400k articles against Xapian's 5). This table
// answers in a few hash probes, from the stream itself.
//
// The scheme is the "fingerprint" one of BBHash (Limasset et al., 2017)
// with gamma 1: level 0 is a bit per key, each key hashed to one bit; a
// bit hit by exactly one key is set and keeps that key; the keys that
// collided go on to level 1, a bit per remaining key, with another hash;
// and so on until none is left. A key's number is the count of set bits
// before its own. About e = 2.72 bits per key, and no lengths stored: each
// level's size is the number of keys the levels before it left. Written
// here rather than taken from a library (cmph is in Debian) because an
// article's table must be a few dozen bytes with no header: cmph's packed
// functions carry tens of bytes of header each, per article.
//
// Layout (part of the index format): a varint n, then the levels' bits
// back to back (bit k of the table is bit k%8 of byte k/8), padded to a
// whole byte.
//
// Thread safety: free functions and an immutable view.
#ifndef BYLINE_SRC_PERFECT_HASH_H_
#define BYLINE_SRC_PERFECT_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

// Appends the table of `keys` (distinct) to `*out`, and gives each key's
// number in `*numbers` (numbers[i] for keys[i]). False, with `*out` as it
// was, when two keys have the same 64-bit hash (for 1,000 terms, about one
// article in 2^45): no table can tell them apart.
bool AppendPerfectHash(const std::vector<std::string_view>& keys, std::string* out,
                       std::vector<uint32_t>* numbers);

// A table read from the start of some bytes.
class PerfectHash {
 public:
  // Reads the table at the start of `data` (which must outlive this view);
  // `*used` gets its length in bytes. False when `data` holds no whole
  // table.
  bool Parse(std::string_view data, size_t* used);

  // The number of keys.
  uint32_t size() const { return size_; }

  // The number of `key`: 0..size()-1, that of AppendPerfectHash for one of
  // the keys; some number (or size() when its probes all miss) for another
  // string: callers must know `key` is one of the keys.
  uint32_t NumberOf(std::string_view key) const;

 private:
  struct Level {
    uint64_t first_bit;    // where the level starts in the table
    uint32_t bits;         // its size: the keys it had to place
    uint32_t ones_before;  // keys placed by the levels before it
  };
  std::string_view bits_;  // the levels, without the leading size
  std::vector<Level> levels_;
  uint32_t size_ = 0;
};

}  // namespace byline

#endif  // BYLINE_SRC_PERFECT_HASH_H_
