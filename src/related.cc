#include "related.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "byline/fingerprint.h"
#include "byline/schema.h"

namespace byline {
namespace {

// A plain title or body word: a stem ("Zcomput") on an index of stems, else
// an unprefixed term not starting with a digit. Single letters say nothing.
bool IsWordTerm(const std::string& term, bool stems) {
  if (stems) return term.size() >= 3 && schema::IsWordStemTerm(term);
  if (term.size() < 2) return false;
  const auto first = static_cast<unsigned char>(term[0]);
  return !(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9');
}

class WordDecider : public Xapian::ExpandDecider {
 public:
  WordDecider(bool stems, std::unordered_set<std::string> rejects)
      : stems_(stems), rejects_(std::move(rejects)) {}
  bool operator()(const std::string& term) const override {
    return IsWordTerm(term, stems_) && rejects_.count(term) == 0;
  }

 private:
  bool stems_;
  std::unordered_set<std::string> rejects_;
};

}  // namespace

RelatedQuery BuildRelatedQuery(const Xapian::Database& db, Xapian::docid docid,
                               const Xapian::Document& doc, const Analyzer& analyzer,
                               const std::vector<std::string>& stopwords,
                               const RelatedOptions& options) {
  const bool stems = !analyzer.stemmer().is_none();
  auto word_term = [&](const std::string& word) {
    return stems ? schema::StemTerm("", analyzer.stemmer()(word)) : word;
  };
  std::unordered_set<std::string> rejects;
  for (const std::string& word : stopwords) rejects.insert(word_term(word));

  // The title's words, as title and body words ("ZScomput" -> "Zcomput").
  const std::string title_prefix =
      stems ? schema::StemTerm(schema::kTitlePrefix, "") : std::string(schema::kTitlePrefix);
  const size_t word_at = stems ? 1 : 0;
  std::unordered_set<std::string> title;
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(title_prefix);
  for (; t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.compare(0, title_prefix.size(), title_prefix) != 0) break;
    std::string word = term.substr(0, word_at) + term.substr(title_prefix.size());
    if (IsWordTerm(word, stems)) title.insert(std::move(word));
  }

  Xapian::Enquire enquire(db);
  Xapian::RSet rset;
  rset.add_document(docid);
  WordDecider decider(stems, std::move(rejects));
  // Exact term frequencies: a sharded index weighs words as one database
  // holding the same articles would.
  Xapian::ESet eset =
      enquire.get_eset(2 * options.terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<std::pair<std::string, double>> weighted;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    double weight = options.weight_power == 0
                        ? 1
                        : std::pow(std::max(it.get_weight(), 1e-9), options.weight_power);
    if (title.count(*it)) weight *= options.title_boost;
    weighted.emplace_back(*it, weight);
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (weighted.size() > options.terms) weighted.resize(options.terms);
  RelatedQuery out;
  if (weighted.empty()) return out;
  const double top = weighted.front().second;
  std::vector<Xapian::Query> parts;
  for (const auto& [term, weight] : weighted) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight / top);
    out.terms.push_back(term);
  }
  out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  return out;
}

CopyKeys CopyKeysOf(const Xapian::Document& doc) {
  CopyKeys keys;
  keys.fingerprint = FingerprintFromValue(doc.get_value(schema::kFingerprintSlot));
  keys.url_key = doc.get_value(schema::kUrlKeySlot);
  keys.title_key = doc.get_value(schema::kTitleKeySlot);
  // An empty title's key (hashed or not) makes no two articles copies.
  static const std::string kEmptyTitle = schema::CollapseKeyValue("");
  if (keys.title_key == kEmptyTitle) keys.title_key.clear();
  return keys;
}

bool IsCopyOf(const CopyKeys& source, const CopyKeys& candidate) {
  if (source.fingerprint && candidate.fingerprint &&
      FingerprintDistance(*source.fingerprint, *candidate.fingerprint) <= kNearDuplicateDistance) {
    return true;
  }
  if (!source.url_key.empty() && source.url_key == candidate.url_key) return true;
  return !source.title_key.empty() && source.title_key == candidate.title_key;
}

}  // namespace byline
