#include "byline/fingerprint.h"

#include <array>
#include <bitset>
#include <deque>

#include "text_words.h"

namespace byline {
namespace {

// FNV-1a over the bytes, then a finaliser that spreads every input bit over
// all 64 output bits (SimHash needs each bit to be a fair coin).
uint64_t Hash64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

class SimHash {
 public:
  void Add(uint64_t hash) {
    for (int bit = 0; bit < 64; ++bit) votes_[bit] += (hash >> bit) & 1 ? 1 : -1;
    ++added_;
  }
  bool empty() const { return added_ == 0; }
  uint64_t Value() const {
    uint64_t value = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (votes_[bit] > 0) value |= uint64_t{1} << bit;
    }
    return value;
  }

 private:
  std::array<int64_t, 64> votes_{};
  uint64_t added_ = 0;
};

}  // namespace

std::optional<uint64_t> TextFingerprint(std::string_view title, std::string_view body) {
  SimHash simhash;
  std::deque<std::string> window;  // the last kFingerprintShingle words
  std::string shingle;
  auto add_word = [&](const TextWord& w) {
    window.push_back(w.plain ? w.lower : std::string(w.written));
    if (window.size() > static_cast<size_t>(kFingerprintShingle)) window.pop_front();
    if (window.size() < static_cast<size_t>(kFingerprintShingle)) return;
    shingle.clear();
    for (const auto& word : window) {
      shingle += word;
      shingle += ' ';
    }
    simhash.Add(Hash64(shingle));
  };
  ForEachTextWord(title, add_word);
  ForEachTextWord(body, add_word);
  if (simhash.empty() && !window.empty()) {
    // Fewer words than a shingle: the words themselves.
    for (const auto& word : window) simhash.Add(Hash64(word));
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
