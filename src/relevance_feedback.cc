#include "relevance_feedback.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "byline/schema.h"

namespace byline {
namespace {

// Accepts stemmed free-text words ("Zcomput") that are neither in the query
// nor stopwords; rejects field terms (title, author, tags, ids, dates) and
// numbers. Only an index of stems has number stems (STEM_SOME leaves
// numbers unstemmed): they are citation numbers, years and counts, noise as
// expansion terms and not words of the query.
// With `doc_counts` (how many feedback articles hold each word), also
// rejects words held by fewer than `min_docs` of them.
class FeedbackTermDecider : public Xapian::ExpandDecider {
 public:
  FeedbackTermDecider(std::set<std::string> rejects, std::map<std::string, unsigned> doc_counts,
                      unsigned min_docs)
      : rejects_(std::move(rejects)), doc_counts_(std::move(doc_counts)), min_docs_(min_docs) {}

  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !schema::IsWordStemTerm(term)) return false;
    if (min_docs_ > 1) {
      auto it = doc_counts_.find(term);
      if (it == doc_counts_.end() || it->second < min_docs_) return false;
    }
    return rejects_.count(term) == 0;
  }

 private:
  std::set<std::string> rejects_;
  std::map<std::string, unsigned> doc_counts_;
  unsigned min_docs_;
};

// True when every match of `query` comes from "any of these" alone: no
// exclusion (-word, NOT), no requirement (+word, AND) and no filter (tag:).
// Only then may added words bring in new matches without breaking the query.
bool OnlyAlternatives(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::LEAF_MATCH_ALL:
      return false;
    default:
      break;
  }
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (!OnlyAlternatives(query.get_subquery(i))) return false;
  }
  return true;
}

// The stemmed words of `query` outside phrases ("Zcomput", "ZScomput"),
// numbers left out: what STEM_SOME made stemmed terms of, so that the
// expansion weighs the same on an index of stems only (there phrase words
// and numbers are "Z" terms too).
void CollectFreeStems(const Xapian::Query& query, std::set<std::string>* stems) {
  const auto type = query.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return;
  if (type == Xapian::Query::LEAF_TERM) {
    const std::string term = *query.get_terms_begin();
    if (term.size() > 1 && term[0] == schema::kStemPrefix[0] &&
        !(term[1] >= '0' && term[1] <= '9')) {
      stems->insert(term);
    }
    return;
  }
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    CollectFreeStems(query.get_subquery(i), stems);
  }
}

}  // namespace

Xapian::Query ExpandWithFeedback(const Xapian::Database& db, Xapian::Enquire* enquire,
                                 const Xapian::Query& query, const Xapian::Query& ranked,
                                 const Analyzer& analyzer, const FeedbackOptions& options,
                                 bool expansion_may_match) {
  std::set<std::string> rejects;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    rejects.insert(*it);
  }
  std::set<std::string> free_stems;
  CollectFreeStems(query, &free_stems);
  const auto stemmed_terms = static_cast<unsigned>(free_stems.size());
  if (stemmed_terms < options.min_query_terms) return ranked;
  // Also refuse the query's words in their stemmed form and stopwords.
  for (const std::string& term : std::set<std::string>(rejects)) {
    if (!term.empty() && term[0] >= 'a' && term[0] <= 'z')
      rejects.insert(schema::StemTerm("", analyzer.stemmer()(term)));
  }
  for (const std::string& word : analyzer.stopwords()) {
    rejects.insert(schema::StemTerm("", analyzer.stemmer()(word)));
  }

  enquire->set_query(ranked);
  Xapian::MSet top = enquire->get_mset(0, options.docs);
  if (top.size() < 2) return ranked;
  if (options.max_lead > 0 && top[0].get_weight() >= options.max_lead * top[1].get_weight()) {
    return ranked;
  }
  Xapian::RSet rset;
  std::map<std::string, unsigned> doc_counts;
  std::map<std::string, double> rarity;
  double total_rarity = 0;
  if (options.min_coverage > 0) {
    const double n = db.get_doccount();
    for (const std::string& stem : free_stems) {
      const double df = db.get_termfreq(stem);
      if (df <= 0) continue;
      rarity[stem] = std::log(1 + n / df);
      total_rarity += rarity[stem];
    }
  }
  double coverage = 0;
  for (auto it = top.begin(); it != top.end(); ++it) {
    rset.add_document(*it);
    if (options.min_docs <= 1 && rarity.empty() && options.min_shared_words == 0) continue;
    const Xapian::Document doc = it.get_document();
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if (!schema::IsWordStemTerm(*t)) continue;
      ++doc_counts[*t];
      auto r = rarity.find(*t);
      if (r != rarity.end()) coverage += r->second;
    }
  }
  if (total_rarity > 0 && coverage / (total_rarity * top.size()) < options.min_coverage) {
    return ranked;
  }
  if (options.min_shared_words > 0) {
    // Words the feedback articles share, apart from the query's own: too
    // few, and the articles are too short or too unlike each other for
    // their words to say anything about the topic.
    unsigned shared = 0;
    for (const auto& [term, count] : doc_counts) {
      if (count >= std::max(2u, options.min_docs) && term.size() >= 3 && rejects.count(term) == 0)
        ++shared;
    }
    if (shared < options.min_shared_words) return ranked;
  }
  FeedbackTermDecider decider(std::move(rejects), std::move(doc_counts), options.min_docs);
  Xapian::ESet eset = enquire->get_eset(options.terms, rset, &decider);
  if (eset.empty()) return ranked;

  // Each added word keeps its share of the expansion weight in proportion to
  // how strongly it marks the feedback articles.
  double total = 0;
  for (auto it = eset.begin(); it != eset.end(); ++it) total += it.get_weight();
  if (total <= 0) return ranked;
  std::vector<Xapian::Query> added;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    double share = options.weight * stemmed_terms * it.get_weight() / total;
    added.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), share);
  }
  Xapian::Query expansion(Xapian::Query::OP_OR, added.begin(), added.end());
  const bool may_match = expansion_may_match && OnlyAlternatives(query);
  return Xapian::Query(may_match ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE, ranked,
                       expansion);
}

}  // namespace byline
