// A generated corpus for near-duplicate folding tests: stories of 300
// pseudo-words, some with wire copies (an exact copy under another id, a
// copy with one word changed), unrelated articles, and two articles with
// no words (no fingerprint). Every article but those holds "harbour". Dates are all
// different, so a date order is the same on any index.
#ifndef BYLINE_TESTS_DEDUPE_CORPUS_H_
#define BYLINE_TESTS_DEDUPE_CORPUS_H_

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "byline/article.h"
#include "testutil.h"

namespace byline::testing {

struct DedupeCorpus {
  std::vector<Article> articles;
  // Story id -> its copies' ids (the story's own id not included).
  std::map<std::string, std::vector<std::string>> copies;
  std::vector<std::string> unrelated;  // no copies, nobody's copy
  std::vector<std::string> wordless;   // no fingerprint
};

// A pseudo-word of two or three syllables.
inline std::string DedupeWord(std::mt19937* random) {
  static const char* const kSyllables[] = {"ka",  "lo",  "mi",  "ren", "tus", "va", "bor", "ne",
                                           "qui", "sha", "dem", "po",  "ril", "ta", "gu",  "fen"};
  std::string word;
  const int n = 2 + static_cast<int>((*random)() % 2);
  for (int i = 0; i < n; ++i) word += kSyllables[(*random)() % 16];
  return word;
}

inline std::string DedupeText(std::mt19937* random, int words) {
  std::string text = "harbour";
  for (int i = 1; i < words; ++i) {
    text += (i % 25 == 0) ? ".\n\n" : " ";
    text += DedupeWord(random);
  }
  return text + ".";
}

inline DedupeCorpus MakeDedupeCorpus(int stories = 10, int unrelated = 8) {
  DedupeCorpus corpus;
  std::mt19937 random(20261203);
  int day = 0;
  auto add = [&](const std::string& id, const std::string& title, const std::string& body) {
    Article a = MakeArticle(id, title, body);
    char date[32];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + day / 28, 1 + day % 28);
    ++day;
    a.published = date;
    a.source = "Wire " + std::to_string(day % 3);
    corpus.articles.push_back(std::move(a));
  };
  for (int s = 0; s < stories; ++s) {
    const std::string id = "story-" + std::to_string(s);
    const std::string title = "Harbour story " + DedupeWord(&random) + " " + DedupeWord(&random);
    const std::string body = DedupeText(&random, 300);
    add(id, title, body);
    std::vector<std::string>& copies = corpus.copies[id];
    if (s % 3 == 0) {
      add(id + "-copy", title, body);
      copies.push_back(id + "-copy");
    }
    if (s % 3 != 2) {
      // One word changed, past the middle.
      std::string edited = body;
      const size_t at = edited.find(' ', edited.size() / 2);
      edited.insert(at + 1, "zanzibarite ");
      const size_t end = edited.find(' ', at + 13);
      edited.erase(at + 13, end - (at + 13) + 1);
      add(id + "-edit", title, edited);
      copies.push_back(id + "-edit");
    }
  }
  for (int u = 0; u < unrelated; ++u) {
    const std::string id = "other-" + std::to_string(u);
    add(id, "Harbour note " + DedupeWord(&random), DedupeText(&random, 200));
    corpus.unrelated.push_back(id);
  }
  for (int w = 0; w < 2; ++w) {
    const std::string id = "wordless-" + std::to_string(w);
    add(id, "!!!", "... ---");  // matched only by the empty query
    corpus.wordless.push_back(id);
  }
  return corpus;
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_DEDUPE_CORPUS_H_
