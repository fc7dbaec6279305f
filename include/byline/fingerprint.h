// Near-duplicate fingerprints: 64 bits from an article's words, so that wire
// copies, updated versions and syndicated copies of one story can be told
// apart from articles that merely share a subject.
//
// The text (title, then body: lower-cased words as TextWords reads them) is
// cut into shingles of kFingerprintShingle consecutive words, each hashed to
// 64 bits. Two methods turn the shingles into a fingerprint whose Hamming
// distance tracks how many shingles two texts share:
//  - SimHash: bit i is set when more shingles have bit i set than not.
//  - MinHash (1 bit per function, one-permutation hashing): the shingle
//    hashes are dealt into 64 bins by their top bits; bit i is a hash bit of
//    bin i's smallest (an empty bin borrows its next non-empty neighbour's).
//    Two texts agree on a bit with probability (1 + J) / 2, J their shingle
//    sets' Jaccard similarity, so the expected distance is 32 (1 - J).
// kFingerprintMethod says which one TextFingerprint uses: MinHash, whose
// distance grows with 1 - J where SimHash's grows with its square root, so
// small edits move it less (bench/dedupe, tuned on BBC and synthetic edits
// of it, 3-word shingles: a copy with 2% of its words changed is within 8
// bits 99.6% of the time, against 78% for SimHash; no unrelated pair was).
// Two articles are near-duplicates when FingerprintDistance (the number of
// differing bits) is at most kNearDuplicateDistance: 8, an expected shingle
// Jaccard similarity of 0.75 (results in bench/RESULTS.md).
//
// Thread safety: pure functions.
#ifndef BYLINE_FINGERPRINT_H_
#define BYLINE_FINGERPRINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

enum class FingerprintMethod { kSimHash, kMinHash };

struct FingerprintSettings {
  FingerprintMethod method = FingerprintMethod::kSimHash;
  int shingle = 3;    // words per shingle
  bool title = true;  // the title's words come first; false: the body's alone
};

// What TextFingerprint uses.
inline constexpr FingerprintMethod kFingerprintMethod = FingerprintMethod::kMinHash;
// Words per shingle.
inline constexpr int kFingerprintShingle = 3;
inline constexpr bool kFingerprintTitle = true;
// Most differing bits between two near-duplicates' fingerprints.
inline constexpr int kNearDuplicateDistance = 8;

inline constexpr FingerprintSettings kFingerprintSettings = {
    kFingerprintMethod, kFingerprintShingle, kFingerprintTitle};

// The fingerprint of an article's title and body; nullopt when they hold no
// word (such an article is nobody's near-duplicate).
std::optional<uint64_t> TextFingerprint(std::string_view title, std::string_view body);
// The same with other settings (for measuring them).
std::optional<uint64_t> TextFingerprintWith(const FingerprintSettings& settings,
                                            std::string_view title, std::string_view body);

// The distinct hashes of the shingles the fingerprint is made of, sorted
// (a text with fewer words than a shingle: its words'). For measuring
// fingerprints against the shingle sets' exact Jaccard similarity.
std::vector<uint64_t> TextShingles(const FingerprintSettings& settings, std::string_view title,
                                   std::string_view body);

// The number of bits in which `a` and `b` differ (0-64).
int FingerprintDistance(uint64_t a, uint64_t b);

// How a fingerprint is stored in schema::kFingerprintSlot (8 bytes, most
// significant first), and read back (nullopt unless exactly 8 bytes).
std::string FingerprintValue(uint64_t fingerprint);
std::optional<uint64_t> FingerprintFromValue(std::string_view value);

}  // namespace byline

#endif  // BYLINE_FINGERPRINT_H_
