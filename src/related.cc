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
  // Picked by ESet weight (title words boosted); weighted in the query by
  // that weight raised to weight_power (title words boosted again).
  struct Word {
    std::string term;
    double rank;    // what picks it
    double weight;  // its scale in the query
  };
  std::vector<Word> words;
  const double most_articles = options.max_df_share * db.get_doccount();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    // A word in too many articles says little of this one, and its long
    // posting list is what a match of many words spends its time on.
    if (options.max_df_share < 1 && db.get_termfreq(*it) > most_articles) continue;
    const double eweight = std::max(it.get_weight(), 1e-9);
    const double boost = title.count(*it) ? options.title_boost : 1;
    words.push_back({*it, eweight * boost, std::pow(eweight, options.weight_power) * boost});
  }
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.rank != b.rank ? a.rank > b.rank : a.term < b.term;
  });
  if (words.size() > options.terms) words.resize(options.terms);
  RelatedQuery out;
  if (words.empty()) return out;
  double top = 0;
  for (const Word& word : words) top = std::max(top, word.weight);
  std::vector<Xapian::Query> parts;
  for (const Word& word : words) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(word.term), word.weight / top);
    out.terms.push_back(word.term);
  }
  out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  const size_t strongest = std::min<size_t>(parts.size(), std::max(1u, options.candidate_terms));
  out.strongest = Xapian::Query(Xapian::Query::OP_OR, parts.begin(),
                                parts.begin() + static_cast<std::ptrdiff_t>(strongest));
  return out;
}

DocidSetSource::DocidSetSource(std::vector<Xapian::docid> sorted) : docids_(std::move(sorted)) {}

void DocidSetSource::init(const Xapian::Database&) {
  at_ = 0;
  started_ = false;
}

void DocidSetSource::next(double) {
  if (started_) {
    ++at_;
  } else {
    started_ = true;
  }
}

void DocidSetSource::skip_to(Xapian::docid did, double) {
  started_ = true;
  at_ = static_cast<size_t>(
      std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) -
      docids_.begin());
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
