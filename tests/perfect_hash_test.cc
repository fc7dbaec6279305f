// The minimal perfect hash of an article's terms (src/perfect_hash.h):
// every key gets its own number below the key count, the table read back
// numbers them as the builder did, its size stays near e bits a key, and
// damaged tables are refused or answer within range.
#include "perfect_hash.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace byline {
namespace {

std::vector<std::string> RandomKeys(std::mt19937* rng, size_t n) {
  std::set<std::string> keys;
  while (keys.size() < n) {
    std::string key;
    for (size_t i = 0, len = 1 + (*rng)() % 12; i < len; ++i) key += 'a' + (*rng)() % 26;
    keys.insert(key);
  }
  return {keys.begin(), keys.end()};
}

TEST(PerfectHashTest, NumbersEveryKeyOnceBelowTheKeyCountAndReadsBackTheSame) {
  std::mt19937 rng(5);
  for (size_t n : {0, 1, 2, 3, 7, 64, 65, 127, 128, 500, 3000, 20000}) {
    const std::vector<std::string> keys = RandomKeys(&rng, n);
    std::string table = "prefix";
    std::vector<uint32_t> numbers;
    ASSERT_TRUE(AppendPerfectHash({keys.begin(), keys.end()}, &table, &numbers));
    ASSERT_EQ(numbers.size(), n);
    std::vector<bool> taken(n);
    for (uint32_t number : numbers) {
      ASSERT_LT(number, n);
      ASSERT_FALSE(taken[number]) << "two keys numbered " << number << " of " << n;
      taken[number] = true;
    }
    PerfectHash read;
    size_t used = 0;
    const std::string_view bytes = std::string_view(table).substr(6);
    const std::string followed = std::string(bytes) + "trailing";  // read must outlive it
    ASSERT_TRUE(read.Parse(followed, &used)) << n;
    EXPECT_EQ(used, bytes.size()) << n;
    ASSERT_EQ(read.size(), n);
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(read.NumberOf(keys[i]), numbers[i]) << keys[i];
  }
}

TEST(PerfectHashTest, TakesAboutEBitsAKey) {
  std::mt19937 rng(9);
  for (size_t n : {200, 2000, 20000}) {
    const std::vector<std::string> keys = RandomKeys(&rng, n);
    std::string table;
    std::vector<uint32_t> numbers;
    ASSERT_TRUE(AppendPerfectHash({keys.begin(), keys.end()}, &table, &numbers));
    const double bits_a_key = 8.0 * static_cast<double>(table.size()) / static_cast<double>(n);
    EXPECT_GT(bits_a_key, 2.4) << n;  // no scheme this simple does much better
    EXPECT_LT(bits_a_key, 3.1) << n;
  }
}

TEST(PerfectHashTest, ADamagedTableIsRefusedOrAnswersInRange) {
  std::mt19937 rng(13);
  const std::vector<std::string> keys = RandomKeys(&rng, 300);
  std::string good;
  std::vector<uint32_t> numbers;
  ASSERT_TRUE(AppendPerfectHash({keys.begin(), keys.end()}, &good, &numbers));
  PerfectHash read;
  size_t used = 0;
  for (size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(read.Parse(good.substr(0, cut), &used)) << "cut at " << cut;
  }
  for (int round = 0; round < 2000; ++round) {
    std::string junk = good;
    for (int flips = 1 + round % 4; flips > 0; --flips) {
      junk[rng() % junk.size()] ^= static_cast<char>(1 << (rng() % 8));
    }
    if (round % 3 == 0) junk.resize(rng() % junk.size());
    if (!read.Parse(junk, &used)) continue;
    EXPECT_LE(used, junk.size());
    for (const std::string& key : keys) ASSERT_LE(read.NumberOf(key), read.size());
  }
}

}  // namespace
}  // namespace byline
