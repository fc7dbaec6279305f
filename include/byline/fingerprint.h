// Near-duplicate fingerprints: a 64-bit SimHash of an article's words, so
// that wire copies, updated versions and syndicated copies of one story can
// be told apart from articles that merely share a subject.
//
// Each run of kFingerprintShingle consecutive words (lower-cased, as
// TextWords reads them; title then body) is hashed to 64 bits; bit i of the
// fingerprint is set when more shingles have bit i set than not. Texts that
// share most of their shingles get fingerprints that differ in few bits, so
// two articles are near-duplicates when FingerprintDistance (the number of
// differing bits) is at most kNearDuplicateDistance.
//
// Thread safety: pure functions.
#ifndef BYLINE_FINGERPRINT_H_
#define BYLINE_FINGERPRINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace byline {

// Words per shingle.
inline constexpr int kFingerprintShingle = 3;
// Most differing bits between two near-duplicates' fingerprints.
inline constexpr int kNearDuplicateDistance = 3;

// The fingerprint of an article's title and body; nullopt when they hold no
// word (such an article is nobody's near-duplicate).
std::optional<uint64_t> TextFingerprint(std::string_view title, std::string_view body);

// The number of bits in which `a` and `b` differ (0-64).
int FingerprintDistance(uint64_t a, uint64_t b);

// How a fingerprint is stored in schema::kFingerprintSlot (8 bytes, most
// significant first), and read back (nullopt unless exactly 8 bytes).
std::string FingerprintValue(uint64_t fingerprint);
std::optional<uint64_t> FingerprintFromValue(std::string_view value);

}  // namespace byline

#endif  // BYLINE_FINGERPRINT_H_
