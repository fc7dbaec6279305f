// Measures near-duplicate fingerprints (byline/fingerprint.h) against the
// exact measure they stand for: the Jaccard similarity of two articles'
// shingle sets (the same shingles the fingerprint is made of).
//
//   dedupe_eval pairs FILE.jsonl [SETTINGS] [--jaccard T]
//     Every pair of the file's articles with Jaccard >= T (default 0.8),
//     found exactly by prefix filtering (any such pair shares a shingle among
//     the rarest |x| - ceil(T |x|) + 1 of each: no pair is missed, and the
//     fingerprints play no part in finding them), against every pair within
//     distance d (all pairs compared), for each d: precision and recall.
//   dedupe_eval synthetic FILE.jsonl [SETTINGS] [--articles N] [--seed S]
//     N articles of the file (at least 40 words each), each copied with k% of
//     its words replaced (1, 2, 5, 10, 20), a paragraph cut (of those with
//     3 or more) and a sentence appended; for each d the share of copies
//     within d of their original (recall), and the share of 200,000 random
//     pairs of different articles (Jaccard < 0.5) within d (false positives).
//
// SETTINGS: --method simhash|minhash --shingle K --no-title (default: the
// settings TextFingerprint uses). Prints one JSON line per distance.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "byline/fingerprint.h"

namespace {

using byline::FingerprintSettings;

struct Doc {
  std::string id, title, body;
};

std::vector<Doc> ReadDocs(const std::string& path) {
  std::vector<Doc> docs;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    docs.push_back({j.value("id", ""), j.value("title", ""), j.value("body", "")});
  }
  return docs;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 1;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++both, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

constexpr int kMaxDistance = 20;

int Pairs(const std::vector<Doc>& docs, const FingerprintSettings& settings, double threshold) {
  const size_t n = docs.size();
  std::vector<std::vector<uint64_t>> sets(n);
  std::vector<std::optional<uint64_t>> prints(n);
  for (size_t i = 0; i < n; ++i) {
    sets[i] = byline::TextShingles(settings, docs[i].title, docs[i].body);
    prints[i] = byline::TextFingerprintWith(settings, docs[i].title, docs[i].body);
  }
  // Exact pairs by prefix filtering over shingles ordered rarest first.
  std::unordered_map<uint64_t, uint32_t> df;
  for (const auto& s : sets) {
    for (uint64_t h : s) ++df[h];
  }
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings;
  std::vector<std::pair<uint32_t, uint32_t>> truth;  // i < j
  std::vector<uint32_t> seen(n, UINT32_MAX);
  uint64_t candidates = 0;
  for (size_t i = 0; i < n; ++i) {
    std::vector<uint64_t> order = sets[i];
    std::sort(order.begin(), order.end(), [&df](uint64_t a, uint64_t b) {
      const uint32_t fa = df[a], fb = df[b];
      return fa != fb ? fa < fb : a < b;
    });
    const size_t size = order.size();
    const size_t prefix =
        size == 0 ? 0 : size - static_cast<size_t>(std::ceil(threshold * size - 1e-9)) + 1;
    for (size_t p = 0; p < prefix && p < size; ++p) {
      auto& list = postings[order[p]];
      for (uint32_t j : list) {
        if (seen[j] == i) continue;
        seen[j] = static_cast<uint32_t>(i);
        ++candidates;
        if (Jaccard(sets[i], sets[j]) >= threshold) truth.emplace_back(j, static_cast<uint32_t>(i));
      }
      list.push_back(static_cast<uint32_t>(i));
    }
  }
  std::sort(truth.begin(), truth.end());
  // Fingerprint pairs: all pairs compared.
  std::vector<uint64_t> found(kMaxDistance + 1, 0), correct(kMaxDistance + 1, 0);
  std::vector<uint64_t> loose(kMaxDistance + 1, 0);  // found with Jaccard >= 0.5
  for (size_t i = 0; i < n; ++i) {
    if (!prints[i]) continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (!prints[j]) continue;
      const int d = byline::FingerprintDistance(*prints[i], *prints[j]);
      if (d > kMaxDistance) continue;
      const bool is_true =
          std::binary_search(truth.begin(), truth.end(),
                             std::make_pair(static_cast<uint32_t>(i), static_cast<uint32_t>(j)));
      const bool near = is_true || Jaccard(sets[i], sets[j]) >= 0.5;
      for (int k = d; k <= kMaxDistance; ++k) {
        ++found[k];
        if (is_true) ++correct[k];
        if (near) ++loose[k];
      }
    }
  }
  std::fprintf(stderr, "%zu articles, %zu pairs with Jaccard >= %.2f (%llu candidates compared)\n",
               n, truth.size(), threshold, static_cast<unsigned long long>(candidates));
  for (int d = 0; d <= kMaxDistance; ++d) {
    nlohmann::json row = {
        {"distance", d},
        {"true_pairs", truth.size()},
        {"fingerprint_pairs", found[d]},
        {"both", correct[d]},
        {"precision", found[d] ? static_cast<double>(correct[d]) / found[d] : 1.0},
        {"recall", truth.empty() ? 1.0 : static_cast<double>(correct[d]) / truth.size()},
        {"precision_jaccard_0_5", found[d] ? static_cast<double>(loose[d]) / found[d] : 1.0}};
    std::printf("%s\n", row.dump().c_str());
  }
  return 0;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

int Synthetic(const std::vector<Doc>& all, const FingerprintSettings& settings, size_t articles,
              unsigned seed) {
  std::mt19937 random(seed);
  std::vector<const Doc*> pool;
  std::vector<std::string> vocabulary;
  for (const auto& d : all) {
    auto words = Words(d.body);
    if (words.size() >= 40) pool.push_back(&d);
    for (size_t k = 0; k < words.size(); k += 7) vocabulary.push_back(words[k]);
  }
  std::shuffle(pool.begin(), pool.end(), random);
  if (pool.size() > articles) pool.resize(articles);
  if (pool.size() < 2 || vocabulary.empty()) {
    std::fprintf(stderr, "dedupe_eval: too few articles of 40 words or more\n");
    return 1;
  }
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
  const std::vector<std::string> kinds = {"words-1%",      "words-2%",  "words-5%",
                                          "words-10%",     "words-20%", "paragraph-cut",
                                          "sentence-added"};
  std::vector<std::vector<int>> distances(kinds.size());
  std::vector<double> jaccard_sum(kinds.size(), 0);
  std::vector<uint64_t> prints;
  for (const Doc* doc : pool) {
    auto original = byline::TextFingerprintWith(settings, doc->title, doc->body);
    auto original_set = byline::TextShingles(settings, doc->title, doc->body);
    prints.push_back(original.value_or(0));
    for (size_t k = 0; k < kinds.size(); ++k) {
      std::string body;
      if (k < 5) {
        const int percent[] = {1, 2, 5, 10, 20};
        auto words = Words(doc->body);
        const size_t changes = std::max<size_t>(
            1, static_cast<size_t>(std::lround(words.size() * percent[k] / 100.0)));
        for (size_t c = 0; c < changes; ++c)
          words[pick(words.size())] = vocabulary[pick(vocabulary.size())];
        body = Join(words);
      } else if (kinds[k] == "paragraph-cut") {
        std::vector<std::string> paragraphs;
        size_t start = 0;
        while (start <= doc->body.size()) {
          size_t end = doc->body.find("\n\n", start);
          if (end == std::string::npos) end = doc->body.size();
          if (end > start) paragraphs.push_back(doc->body.substr(start, end - start));
          start = end + 2;
        }
        if (paragraphs.size() < 3) continue;
        paragraphs.erase(paragraphs.begin() + 1 + static_cast<long>(pick(paragraphs.size() - 1)));
        for (const auto& p : paragraphs) body += (body.empty() ? "" : "\n\n") + p;
      } else {
        // A sentence of 12 to 24 words from another article.
        const Doc* other = pool[pick(pool.size())];
        auto words = Words(other->body);
        const size_t len = std::min(words.size(), 12 + pick(13));
        const size_t from = pick(words.size() - len + 1);
        body = doc->body + "\n\n" +
               Join(std::vector<std::string>(words.begin() + static_cast<long>(from),
                                             words.begin() + static_cast<long>(from + len)));
      }
      auto copy = byline::TextFingerprintWith(settings, doc->title, body);
      if (!original || !copy) continue;
      distances[k].push_back(byline::FingerprintDistance(*original, *copy));
      jaccard_sum[k] += Jaccard(original_set, byline::TextShingles(settings, doc->title, body));
    }
  }
  // Unrelated pairs.
  std::vector<int> unrelated;
  std::vector<std::vector<uint64_t>> sets;
  for (const Doc* doc : pool) sets.push_back(byline::TextShingles(settings, doc->title, doc->body));
  for (int p = 0; p < 200000; ++p) {
    size_t a = pick(pool.size()), b = pick(pool.size());
    if (a == b) continue;
    const int d = byline::FingerprintDistance(prints[a], prints[b]);
    if (d <= kMaxDistance && Jaccard(sets[a], sets[b]) >= 0.5) continue;  // related after all
    unrelated.push_back(d);
  }
  nlohmann::json meta = nlohmann::json::object();
  for (size_t k = 0; k < kinds.size(); ++k) {
    meta[kinds[k]] = {
        {"copies", distances[k].size()},
        {"mean_jaccard", distances[k].empty() ? 0 : jaccard_sum[k] / distances[k].size()}};
  }
  std::fprintf(stderr, "%zu articles; %s\n", pool.size(), meta.dump().c_str());
  for (int d = 0; d <= kMaxDistance; ++d) {
    nlohmann::json row = {{"distance", d}};
    for (size_t k = 0; k < kinds.size(); ++k) {
      const auto& ds = distances[k];
      const size_t within = std::count_if(ds.begin(), ds.end(), [d](int x) { return x <= d; });
      row[kinds[k]] = ds.empty() ? 0.0 : static_cast<double>(within) / ds.size();
    }
    const size_t false_pos =
        std::count_if(unrelated.begin(), unrelated.end(), [d](int x) { return x <= d; });
    row["unrelated_within"] = static_cast<double>(false_pos) / unrelated.size();
    std::printf("%s\n", row.dump().c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: dedupe_eval pairs|synthetic FILE.jsonl [--method simhash|minhash] "
                 "[--shingle K] [--no-title] [--jaccard T] [--articles N] [--seed S]\n");
    return 2;
  }
  const std::string what = argv[1];
  FingerprintSettings settings = byline::kFingerprintSettings;
  double threshold = 0.8;
  size_t articles = 1000;
  unsigned seed = 1;
  for (int i = 3; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--no-title") {
      settings.title = false;
    } else if (flag == "--method" && has_value) {
      const std::string m = argv[++i];
      settings.method = m == "minhash" ? byline::FingerprintMethod::kMinHash
                                       : byline::FingerprintMethod::kSimHash;
    } else if (flag == "--shingle" && has_value) {
      settings.shingle = std::atoi(argv[++i]);
    } else if (flag == "--jaccard" && has_value) {
      threshold = std::atof(argv[++i]);
    } else if (flag == "--articles" && has_value) {
      articles = static_cast<size_t>(std::atol(argv[++i]));
    } else if (flag == "--seed" && has_value) {
      seed = static_cast<unsigned>(std::atol(argv[++i]));
    } else {
      std::fprintf(stderr, "dedupe_eval: unknown or incomplete flag %s\n", flag.c_str());
      return 2;
    }
  }
  const std::vector<Doc> docs = ReadDocs(argv[2]);
  if (docs.empty()) {
    std::fprintf(stderr, "dedupe_eval: no articles read from %s\n", argv[2]);
    return 1;
  }
  if (what == "pairs") return Pairs(docs, settings, threshold);
  if (what == "synthetic") return Synthetic(docs, settings, articles, seed);
  std::fprintf(stderr, "dedupe_eval: unknown command %s\n", what.c_str());
  return 2;
}
