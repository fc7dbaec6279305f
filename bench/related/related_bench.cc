// Related-articles benchmark: Searcher::Related ("more like this") for a list
// of source articles, in one thread, in-process; one JSON line per setting
// with the quality (the share of related articles sharing a label with
// their source) and the latency.
//
//   related_bench --index DIR --labels FILE [--sample N] [--limit K]
//                 [--settings "terms=30,title=2,power=1;terms=20,..."]
//
// FILE: one "ID<TAB>label,label" line per article (labels may be empty).
// Sources: the articles with a label (every one when none has any), N of
// them evenly spread (0: all). A related article shares a label when FILE
// gives it one of its source's; one FILE does not name counts as sharing
// none. Each setting (RelatedOptions, separated by ';', defaults for keys
// left out; "" for the defaults) opens its own searcher.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// "terms=30,title=2,power=1" into `options`; false (with a message) on a bad key.
bool ParseSetting(const std::string& text, byline::RelatedOptions* options) {
  for (const std::string& pair : Split(text, ',')) {
    const size_t eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const double value = eq == std::string::npos ? 0 : std::atof(pair.c_str() + eq + 1);
    if (key == "terms") {
      options->terms = static_cast<unsigned>(value);
    } else if (key == "title") {
      options->title_boost = value;
    } else if (key == "power") {
      options->weight_power = value;
    } else if (key == "df") {
      options->max_df_share = value;
    } else if (key == "cand") {
      options->candidates = static_cast<unsigned>(value);
    } else if (key == "candterms") {
      options->candidate_terms = static_cast<unsigned>(value);
    } else {
      std::cerr << "related_bench: unknown setting \"" << key
                << "\" (terms, title, power, df, cand, candterms)\n";
      return false;
    }
  }
  return true;
}

double Percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  const size_t at =
      std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())));
  return ms[at];
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, labels_file, settings;
  size_t sample = 0, limit = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--index") {
      index = argv[i + 1];
    } else if (flag == "--labels") {
      labels_file = argv[i + 1];
    } else if (flag == "--sample") {
      sample = std::strtoul(argv[i + 1], nullptr, 10);
    } else if (flag == "--limit") {
      limit = std::strtoul(argv[i + 1], nullptr, 10);
    } else if (flag == "--settings") {
      settings = argv[i + 1];
    } else {
      std::cerr << "related_bench: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (index.empty() || labels_file.empty()) {
    std::cerr << "usage: related_bench --index DIR --labels FILE [--sample N] [--limit K] "
                 "[--settings S;S...]\n";
    return 2;
  }
  std::ifstream in(labels_file);
  if (!in) {
    std::cerr << "related_bench: cannot read " << labels_file << "\n";
    return 1;
  }
  std::unordered_map<std::string, std::vector<std::string>> labels;
  std::vector<std::string> ids, labelled;
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    const std::string id = line.substr(0, tab);
    ids.push_back(id);
    if (tab != std::string::npos) labels[id] = Split(line.substr(tab + 1), ',');
    if (!labels[id].empty()) labelled.push_back(id);
  }
  const bool quality = !labelled.empty();
  const std::vector<std::string>& pool = quality ? labelled : ids;
  std::vector<std::string> sources;
  const size_t n = sample == 0 ? pool.size() : std::min(sample, pool.size());
  for (size_t i = 0; i < n; ++i) sources.push_back(pool[i * pool.size() / n]);

  // Kept empty: "" is the defaults.
  std::vector<std::string> setting_list;
  for (size_t start = 0;;) {
    const size_t semi = settings.find(';', start);
    setting_list.push_back(settings.substr(start, semi - start));
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  for (const std::string& setting : setting_list) {
    byline::SearchOptions options;
    if (!ParseSetting(setting, &options.related)) return 2;
    auto searcher = byline::Searcher::Open(index, options);
    if (!searcher.ok()) {
      std::cerr << "related_bench: " << searcher.status().message() << "\n";
      return 1;
    }
    std::vector<double> ms;
    size_t hits = 0, sharing = 0, short_lists = 0, sources_with_hits = 0;
    double share_sum = 0;  // per source, for the macro average
    for (const std::string& id : sources) {
      byline::RelatedRequest req;
      req.id = id;
      req.limit = limit;
      req.snippets = false;
      const auto start = Clock::now();
      auto found = (*searcher)->Related(req);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      if (!found.ok()) {
        std::cerr << "related_bench: " << id << ": " << found.status().message() << "\n";
        return 1;
      }
      if (found->hits.size() < limit) ++short_lists;
      if (!quality) continue;
      const auto& mine = labels[id];
      size_t shared = 0;
      for (const auto& hit : found->hits) {
        auto it = labels.find(hit.id);
        if (it == labels.end()) continue;
        const bool shares = std::any_of(it->second.begin(), it->second.end(), [&](const auto& l) {
          return std::find(mine.begin(), mine.end(), l) != mine.end();
        });
        if (shares) ++shared;
      }
      hits += found->hits.size();
      sharing += shared;
      if (!found->hits.empty()) {
        ++sources_with_hits;
        share_sum += static_cast<double>(shared) / static_cast<double>(found->hits.size());
      }
    }
    double total_ms = 0;
    for (double m : ms) total_ms += m;
    nlohmann::json out = {{"setting", setting.empty() ? "defaults" : setting},
                          {"sources", sources.size()},
                          {"short_lists", short_lists},
                          {"p50_ms", Percentile(ms, 0.50)},
                          {"p99_ms", Percentile(ms, 0.99)},
                          {"mean_ms", ms.empty() ? 0 : total_ms / static_cast<double>(ms.size())}};
    if (quality) {
      // Micro: of every related article listed; macro: the mean of each
      // source's share.
      out["hits"] = hits;
      out["share"] = hits == 0 ? 0 : static_cast<double>(sharing) / static_cast<double>(hits);
      out["share_per_source"] =
          sources_with_hits == 0 ? 0 : share_sum / static_cast<double>(sources_with_hits);
    }
    std::cout << out.dump() << std::endl;
  }
  return 0;
}
