#include "byline/fingerprint.h"

#include <array>
#include <bitset>

#include "text_words.h"

namespace byline {
namespace {

// Spreads every input bit over all 64 output bits (splitmix64's finaliser):
// SimHash needs each bit of a shingle's hash to be a fair coin.
uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

uint64_t HashWord(std::string_view bytes) {
  uint64_t h = 14695981039346656037ULL;  // FNV-1a
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Mix(h);
}

// Counts, per bit, the hashes added with that bit set; a bit of the value
// is set when more than half of them had it. (No branch per bit: the loop
// vectorises, which matters at one hash per word of every article indexed.)
class SimHash {
 public:
  void Add(uint64_t hash) {
    for (int bit = 0; bit < 64; ++bit) ones_[bit] += static_cast<uint32_t>((hash >> bit) & 1);
    ++added_;
  }
  bool empty() const { return added_ == 0; }
  uint64_t Value() const {
    uint64_t value = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (2 * static_cast<uint64_t>(ones_[bit]) > added_) value |= uint64_t{1} << bit;
    }
    return value;
  }

 private:
  std::array<uint32_t, 64> ones_{};
  uint64_t added_ = 0;
};

}  // namespace

std::optional<uint64_t> TextFingerprint(std::string_view title, std::string_view body) {
  SimHash simhash;
  // The hashes of the last kFingerprintShingle words; a shingle's hash
  // combines them in order (no string is built per shingle).
  std::array<uint64_t, kFingerprintShingle> window{};
  size_t words = 0;
  auto add_word = [&](const TextWord& w) {
    for (size_t i = 1; i < window.size(); ++i) window[i - 1] = window[i];
    window.back() = HashWord(w.plain ? std::string_view(w.lower) : w.written);
    if (++words < window.size()) return;
    uint64_t shingle = 0;
    for (uint64_t word : window) shingle = Mix(shingle + word + 0x9e3779b97f4a7c15ULL);
    simhash.Add(shingle);
  };
  ForEachTextWord(title, add_word);
  ForEachTextWord(body, add_word);
  if (simhash.empty()) {
    // Fewer words than a shingle: the words themselves.
    for (size_t i = window.size() - words; i < window.size(); ++i) simhash.Add(window[i]);
  }
  if (simhash.empty()) return std::nullopt;
  return simhash.Value();
}

int FingerprintDistance(uint64_t a, uint64_t b) {
  return static_cast<int>(std::bitset<64>(a ^ b).count());
}

std::string FingerprintValue(uint64_t fingerprint) {
  std::string value(8, '\0');
  for (int i = 7; i >= 0; --i) {
    value[static_cast<size_t>(i)] = static_cast<char>(fingerprint & 0xff);
    fingerprint >>= 8;
  }
  return value;
}

std::optional<uint64_t> FingerprintFromValue(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  uint64_t fingerprint = 0;
  for (unsigned char c : value) fingerprint = (fingerprint << 8) | c;
  return fingerprint;
}

}  // namespace byline
