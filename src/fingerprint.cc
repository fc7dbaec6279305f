#include "byline/fingerprint.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <deque>

#include "text_words.h"

namespace byline {
namespace {

// A finaliser that spreads every input bit over all 64 output bits (each
// fingerprint bit must be a fair coin).
uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// FNV-1a over the bytes, then Mix.
uint64_t Hash64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Mix(h);
}

// Calls visit(hash) for each shingle of the text's words (with repeats), or
// for each word when there are fewer words than a shingle.
template <typename Visit>
void ForEachShingle(const FingerprintSettings& settings, std::string_view title,
                    std::string_view body, Visit visit) {
  const size_t k = static_cast<size_t>(std::max(1, settings.shingle));
  std::deque<uint64_t> window;  // the last k words' hashes
  bool any = false;
  auto add_word = [&](const TextWord& w) {
    window.push_back(Hash64(w.plain ? std::string_view(w.lower) : w.written));
    if (window.size() > k) window.pop_front();
    if (window.size() < k) return;
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (uint64_t word : window) h = Mix(h ^ word) + 0x9e3779b97f4a7c15ULL;
    visit(h);
    any = true;
  };
  if (settings.title) ForEachTextWord(title, add_word);
  ForEachTextWord(body, add_word);
  if (!any) {
    for (uint64_t word : window) visit(word);  // fewer words than a shingle
  }
}

std::optional<uint64_t> SimHash(const FingerprintSettings& settings, std::string_view title,
                                std::string_view body) {
  std::array<int64_t, 64> votes{};
  bool any = false;
  ForEachShingle(settings, title, body, [&](uint64_t hash) {
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (hash >> bit) & 1 ? 1 : -1;
    any = true;
  });
  if (!any) return std::nullopt;
  uint64_t value = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) value |= uint64_t{1} << bit;
  }
  return value;
}

std::optional<uint64_t> MinHash(const FingerprintSettings& settings, std::string_view title,
                                std::string_view body) {
  // Each distinct shingle once (MinHash is over the set).
  std::array<uint64_t, 64> least;
  least.fill(~uint64_t{0});
  std::array<bool, 64> filled{};
  bool any = false;
  ForEachShingle(settings, title, body, [&](uint64_t hash) {
    const size_t bin = hash >> 58;
    const uint64_t rest = hash & ((uint64_t{1} << 58) - 1);
    if (rest <= least[bin]) least[bin] = rest;
    filled[bin] = true;
    any = true;
  });
  if (!any) return std::nullopt;
  uint64_t value = 0;
  for (size_t bin = 0; bin < 64; ++bin) {
    // An empty bin borrows the next filled one's minimum (rotation
    // densification), with its own bit drawn from it.
    size_t from = bin;
    while (!filled[from]) from = (from + 1) % 64;
    if (Mix(least[from] ^ (0x51ed270b27e5a1c3ULL * (bin + 1))) & 1) value |= uint64_t{1} << bin;
  }
  return value;
}

}  // namespace

std::optional<uint64_t> TextFingerprintWith(const FingerprintSettings& settings,
                                            std::string_view title, std::string_view body) {
  return settings.method == FingerprintMethod::kMinHash ? MinHash(settings, title, body)
                                                        : SimHash(settings, title, body);
}

std::optional<uint64_t> TextFingerprint(std::string_view title, std::string_view body) {
  return TextFingerprintWith(kFingerprintSettings, title, body);
}

std::vector<uint64_t> TextShingles(const FingerprintSettings& settings, std::string_view title,
                                   std::string_view body) {
  std::vector<uint64_t> out;
  ForEachShingle(settings, title, body, [&out](uint64_t hash) { out.push_back(hash); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
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
