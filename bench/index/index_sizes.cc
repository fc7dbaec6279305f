// Where the bytes of a Byline index are: prints, as Markdown tables, the size
// of each glass table of the live generation, then per class of term (by the
// prefixes of include/byline/schema.h) the terms, postings, positional
// (term, article) pairs, positions and bytes of term names, then the bytes
// of each value slot, of the document data and of the spelling data.
//
//   index_sizes INDEX_DIR
//
// Part of bench/index/sizes.sh; reads only.
#include <xapian.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "byline/schema.h"

namespace fs = std::filesystem;
using namespace byline::schema;

namespace {

struct TermClass {
  std::string prefix;
  const char* what;
  bool positional;  // may have positions (free text)
};

// Longest prefix wins ("XSRC" before "XS", "ZS" before "Z").
const std::vector<TermClass>& Classes() {
  static const std::vector<TermClass> classes = {
      {kStemPrefix, "title and body word stems", true},
      {StemTerm(kTitlePrefix, ""), "title stems (title:)", true},
      {StemTerm(kAuthorPrefix, ""), "author word stems", true},
      {StemTerm(kSourcePrefix, ""), "source word stems", true},
      {StemTerm(kFieldTextPrefix, ""), "declared text field stems", true},
      {kWordPairPrefix, "word pairs (autocomplete)", false},
      {kIdPrefix, "ids", false},
      {kTagPrefix, "tags", false},
      {kSourceExactPrefix, "source= values", false},
      {kAuthorExactPrefix, "author= values", false},
      // Date terms of indexes written before they were dropped (schema.h).
      {"Y", "years (older indexes)", false},
      {"M", "months (older indexes)", false},
      {"D", "days (older indexes)", false},
      {kFieldKeywordPrefix, "declared keyword values", false},
      {kFieldTextPrefix, "declared text field words (unstemmed)", true},
      {kTitlePrefix, "title words (unstemmed)", true},
      {kAuthorPrefix, "author words (unstemmed)", true},
      {kSourcePrefix, "source words (unstemmed)", true},
  };
  return classes;
}

const TermClass* ClassOf(const std::string& term) {
  const TermClass* best = nullptr;
  for (const TermClass& c : Classes()) {
    if (term.compare(0, c.prefix.size(), c.prefix) == 0 &&
        (best == nullptr || c.prefix.size() > best->prefix.size())) {
      best = &c;
    }
  }
  return best;
}

struct Counts {
  uint64_t terms = 0, postings = 0, pos_pairs = 0, positions = 0, name_bytes = 0;
};

double Mb(uint64_t bytes) { return static_cast<double>(bytes) / 1048576.0; }

// The directory holding the live generation's tables: the one the stub
// file names, else `dir` itself.
fs::path GenerationDir(const fs::path& dir) {
  std::ifstream stub(dir / "XAPIANDB");
  std::string line;
  while (std::getline(stub, line)) {
    if (line.rfind("auto ", 0) == 0) return dir / line.substr(5);
  }
  return dir;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: index_sizes INDEX_DIR\n";
    return 2;
  }
  try {
    const fs::path dir = argv[1];
    Xapian::Database db(dir.string());
    const fs::path gen = GenerationDir(dir);

    uint64_t total = 0;
    std::map<std::string, uint64_t> tables;
    for (const auto& entry : fs::directory_iterator(gen)) {
      if (!entry.is_regular_file()) continue;
      total += entry.file_size();
      if (entry.path().extension() == ".glass") {
        tables[entry.path().stem().string()] = entry.file_size();
      }
    }
    std::printf("Articles: %u; generation %s: %.1f MB\n\n", db.get_doccount(),
                gen.filename().c_str(), Mb(total));
    std::printf("| table | MB |\n| --- | ---: |\n");
    for (const auto& [name, bytes] : tables)
      std::printf("| %s | %.1f |\n", name.c_str(), Mb(bytes));

    // Terms by class.
    std::map<std::string, Counts> by_class;
    Counts all;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      const std::string term = *t;
      const TermClass* c = ClassOf(term);
      Counts& k = by_class[c ? c->prefix : std::string("(other)")];
      ++k.terms;
      k.postings += t.get_termfreq();
      k.name_bytes += term.size();
      if (c == nullptr || c->positional) {
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
          Xapian::termcount n = 0;
          for (auto pos = p.positionlist_begin(); pos != p.positionlist_end(); ++pos) ++n;
          if (n > 0) {
            ++k.pos_pairs;
            k.positions += n;
          }
        }
      }
    }
    for (const auto& [prefix, k] : by_class) {
      all.terms += k.terms;
      all.postings += k.postings;
      all.pos_pairs += k.pos_pairs;
      all.positions += k.positions;
      all.name_bytes += k.name_bytes;
    }
    // The position table holds one entry per positional (term, article)
    // pair, so its bytes are shared out by those pairs (an estimate: longer
    // terms and lists cost a little more); the termlist table holds every
    // posting once more, shared out the same way.
    const double pos_mb = Mb(tables["position"]);
    const double termlist_mb = Mb(tables["termlist"]);
    std::printf(
        "\n| terms | prefix | distinct | postings | positional pairs | positions | term name MB | "
        "≈ position MB | ≈ termlist MB |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (const auto& [prefix, k] : by_class) {
      const TermClass* c = prefix == "(other)" ? nullptr : ClassOf(prefix);
      std::printf("| %s | `%s` | %llu | %llu | %llu | %llu | %.2f | %.1f | %.1f |\n",
                  c ? c->what : "other", prefix.c_str(), (unsigned long long)k.terms,
                  (unsigned long long)k.postings, (unsigned long long)k.pos_pairs,
                  (unsigned long long)k.positions, Mb(k.name_bytes),
                  all.pos_pairs ? pos_mb * k.pos_pairs / all.pos_pairs : 0.0,
                  all.postings ? termlist_mb * k.postings / all.postings : 0.0);
    }
    std::printf("| all | | %llu | %llu | %llu | %llu | %.2f | %.1f | %.1f |\n",
                (unsigned long long)all.terms, (unsigned long long)all.postings,
                (unsigned long long)all.pos_pairs, (unsigned long long)all.positions,
                Mb(all.name_bytes), pos_mb, termlist_mb);

    // Value slots (raw bytes; glass keeps them in the postlist table).
    std::printf("\n| value slot | articles | MB |\n| --- | ---: | ---: |\n");
    const std::map<unsigned, const char*> slot_names = {
        {kPublishedSlot, "published"},
        {kSourceSlot, "source"},
        {kYearSlot, "year"},
        {kTagsSlot, "tags"},
        {kUrlKeySlot, "url key"},
        {kTitleKeySlot, "title key"},
        {kPublishedDaySlot, "published day"},
        {kFingerprintSlot, "near-duplicate fingerprint"},
        {kPositionsSlot, "position streams (compact index)"}};
    uint64_t value_bytes = 0;
    for (Xapian::valueno slot = 0; slot < kFirstFieldSlot + 64; ++slot) {
      if (db.get_value_freq(slot) == 0) continue;
      uint64_t bytes = 0;
      for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
        bytes += (*v).size();
      }
      value_bytes += bytes;
      auto name = slot_names.find(slot);
      std::string label = name != slot_names.end()
                              ? std::to_string(slot) + " " + name->second
                              : (slot >= kFirstFieldSlot ? std::to_string(slot) + " declared field"
                                                         : std::to_string(slot));
      std::printf("| %s | %u | %.2f |\n", label.c_str(), db.get_value_freq(slot), Mb(bytes));
    }
    std::printf("| all | | %.2f |\n", Mb(value_bytes));

    // Document data (the stored article) and spelling data.
    uint64_t data_bytes = 0;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      data_bytes += db.get_document(*p).get_data().size();
    }
    uint64_t words = 0, once = 0, word_bytes = 0;
    for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s) {
      ++words;
      word_bytes += (*s).size();
      if (s.get_termfreq() == 1) ++once;
    }
    std::printf(
        "\nDocument data: %.1f MB as stored by Byline (docdata table, zlib-compressed by glass: "
        "%.1f MB).\nSpelling data: %llu words (%llu, %.0f%%, seen once), %.2f MB of words "
        "(spelling table: %.1f MB).\n",
        Mb(data_bytes), Mb(tables["docdata"]), (unsigned long long)words, (unsigned long long)once,
        words ? 100.0 * once / words : 0.0, Mb(word_bytes), Mb(tables["spelling"]));
  } catch (const Xapian::Error& e) {
    std::cerr << "index_sizes: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
