// TextFingerprint and its stored form: equal texts agree, unrelated texts
// differ in about half their bits, small edits move a fingerprint far less
// than a different text does.
#include "byline/fingerprint.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace byline {
namespace {

// A text of `words` words drawn from a 2,000-word vocabulary.
std::string RandomText(std::mt19937* random, int words) {
  std::string text;
  for (int i = 0; i < words; ++i) {
    if (!text.empty()) text += ' ';
    text += "w" + std::to_string((*random)() % 2000);
  }
  return text;
}

// `text` with one word in `every` replaced by another.
std::string Edited(const std::string& text, int every, std::mt19937* random) {
  std::string out;
  size_t start = 0;
  int index = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (!out.empty()) out += ' ';
    out += index++ % every == every - 1 ? "x" + std::to_string((*random)() % 2000)
                                        : text.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

TEST(FingerprintTest, EqualTextsAgreeAndCaseAndSpacingDoNotMatter) {
  auto a = TextFingerprint("Storm Hits Coast", "The storm  hit the coast on Monday.");
  auto b = TextFingerprint("storm hits coast", "The Storm hit the coast on Monday.");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(FingerprintDistance(*a, *b), 0);
}

TEST(FingerprintTest, NoWordsNoFingerprintAndShortTextsStillHaveOne) {
  EXPECT_FALSE(TextFingerprint("", "").has_value());
  EXPECT_FALSE(TextFingerprint("  ", "... --- !!!").has_value());
  auto one = TextFingerprint("Budget", "");
  auto other = TextFingerprint("Election", "");
  ASSERT_TRUE(one.has_value());
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*one, *other);
}

TEST(FingerprintTest, UnrelatedTextsDifferInAboutHalfTheBits) {
  std::mt19937 random(11);
  int total = 0;
  const int pairs = 40;
  for (int i = 0; i < pairs; ++i) {
    auto a = TextFingerprint("", RandomText(&random, 300));
    auto b = TextFingerprint("", RandomText(&random, 300));
    ASSERT_TRUE(a && b);
    const int distance = FingerprintDistance(*a, *b);
    EXPECT_GT(distance, kNearDuplicateDistance) << i;
    total += distance;
  }
  const double mean = static_cast<double>(total) / pairs;
  EXPECT_GT(mean, 26.0);
  EXPECT_LT(mean, 38.0);
}

TEST(FingerprintTest, SmallEditsMoveItLessThanLargeOnes) {
  std::mt19937 random(5);
  int light = 0, heavy = 0;
  for (int i = 0; i < 30; ++i) {
    const std::string text = RandomText(&random, 400);
    auto original = TextFingerprint("Title", text);
    auto one_in_100 = TextFingerprint("Title", Edited(text, 100, &random));
    auto one_in_3 = TextFingerprint("Title", Edited(text, 3, &random));
    ASSERT_TRUE(original && one_in_100 && one_in_3);
    light += FingerprintDistance(*original, *one_in_100);
    heavy += FingerprintDistance(*original, *one_in_3);
  }
  EXPECT_LT(light * 3, heavy);
}

// Both methods: equal texts agree, unrelated ones differ in about half the
// bits, small edits move the fingerprint less than large ones.
TEST(FingerprintTest, BothMethodsTrackHowMuchTwoTextsShare) {
  for (FingerprintMethod method : {FingerprintMethod::kSimHash, FingerprintMethod::kMinHash}) {
    FingerprintSettings settings;
    settings.method = method;
    std::mt19937 random(3);
    int unrelated = 0, light = 0, heavy = 0;
    const int n = 30;
    for (int i = 0; i < n; ++i) {
      const std::string text = RandomText(&random, 400);
      auto a = TextFingerprintWith(settings, "Title", text);
      ASSERT_TRUE(a.has_value());
      EXPECT_EQ(TextFingerprintWith(settings, "title", text), a);
      auto other = TextFingerprintWith(settings, "Title", RandomText(&random, 400));
      auto one_in_100 = TextFingerprintWith(settings, "Title", Edited(text, 100, &random));
      auto one_in_3 = TextFingerprintWith(settings, "Title", Edited(text, 3, &random));
      ASSERT_TRUE(other && one_in_100 && one_in_3);
      unrelated += FingerprintDistance(*a, *other);
      light += FingerprintDistance(*a, *one_in_100);
      heavy += FingerprintDistance(*a, *one_in_3);
    }
    EXPECT_GT(unrelated, 26 * n) << static_cast<int>(method);
    EXPECT_LT(unrelated, 38 * n) << static_cast<int>(method);
    EXPECT_LT(light * 3, heavy) << static_cast<int>(method);
    EXPECT_LT(heavy, unrelated) << static_cast<int>(method);
  }
}

// What folding relies on: a wire copy with two words changed (of 300) stays
// within kNearDuplicateDistance of its original; an unrelated text never is.
TEST(FingerprintTest, ACopyWithTwoWordsChangedIsANearDuplicate) {
  std::mt19937 random(17);
  int near = 0;
  const int n = 40;
  for (int i = 0; i < n; ++i) {
    const std::string text = RandomText(&random, 300);
    const std::string edited = Edited(text, 150, &random);  // words 150 and 300
    ASSERT_NE(edited, text);
    auto a = TextFingerprint("Storm hits the coast", text);
    auto b = TextFingerprint("Storm hits the coast", edited);
    ASSERT_TRUE(a && b);
    if (FingerprintDistance(*a, *b) <= kNearDuplicateDistance) ++near;
    auto c = TextFingerprint("Storm hits the coast", RandomText(&random, 300));
    EXPECT_GT(FingerprintDistance(*a, *c), kNearDuplicateDistance);
  }
  EXPECT_EQ(near, n);
}

TEST(FingerprintTest, ShinglesAreTheDistinctRunsOfWords) {
  FingerprintSettings settings;
  settings.shingle = 3;
  // "a b c a b c": shingles "a b c", "b c a", "c a b", then "a b c" again.
  EXPECT_EQ(TextShingles(settings, "", "a b c a b c").size(), 3u);
  EXPECT_EQ(TextShingles(settings, "", "A, b. C"), TextShingles(settings, "", "a b c"));
  EXPECT_EQ(TextShingles(settings, "a", "b c"), TextShingles(settings, "", "a b c"));
  settings.title = false;
  EXPECT_EQ(TextShingles(settings, "x y z", "a b c"), TextShingles(settings, "", "a b c"));
  // Fewer words than a shingle: the words.
  EXPECT_EQ(TextShingles(settings, "", "a b").size(), 2u);
  EXPECT_TRUE(TextShingles(settings, "", "!!").empty());
}

TEST(FingerprintTest, StoredValueRoundTripsAndSortsLikeTheNumber) {
  for (uint64_t f : {uint64_t{0}, uint64_t{1}, uint64_t{0x0123456789abcdef}, ~uint64_t{0}}) {
    const std::string value = FingerprintValue(f);
    ASSERT_EQ(value.size(), 8u);
    EXPECT_EQ(FingerprintFromValue(value), f);
  }
  EXPECT_LT(FingerprintValue(1), FingerprintValue(256));
  EXPECT_FALSE(FingerprintFromValue("1234567").has_value());
  EXPECT_FALSE(FingerprintFromValue("").has_value());
  EXPECT_EQ(FingerprintDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(FingerprintDistance(0b1011, 0b0001), 2);
}

}  // namespace
}  // namespace byline
