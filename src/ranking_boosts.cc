#include "ranking_boosts.h"

#include <set>

#include "byline/schema.h"

namespace byline {
namespace {

void Collect(const Xapian::Query& query, std::vector<std::string>* stems) {
  switch (query.get_type()) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_WILDCARD:
      return;
    case Xapian::Query::LEAF_TERM: {
      const std::string term = *query.get_terms_begin();
      if (schema::IsWordStemTerm(term)) stems->push_back(term);
      return;
    }
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
      // What is excluded or filtered on is not what the reader is after.
      if (query.get_num_subqueries() > 0) Collect(query.get_subquery(0), stems);
      return;
    default:
      break;
  }
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) Collect(query.get_subquery(i), stems);
}

}  // namespace

std::vector<std::string> PlainStemsInOrder(const Xapian::Query& query) {
  std::vector<std::string> stems;
  Collect(query, &stems);
  return stems;
}

Xapian::Query WithRankingBoosts(const Xapian::Query& query, const RankingOptions& ranking,
                                bool positions) {
  const bool title = ranking.title_weight > 0;
  const bool proximity = ranking.proximity_weight > 0 && positions;
  if (!title && !proximity) return query;
  const std::vector<std::string> stems = PlainStemsInOrder(query);
  std::vector<Xapian::Query> boosts;
  if (title) {
    std::set<std::string> seen;
    std::vector<Xapian::Query> words;
    for (const std::string& stem : stems) {
      if (!seen.insert(stem).second) continue;
      // "Zcomput" -> "ZScomput": the same stem as a title word.
      words.emplace_back(schema::StemTerm(schema::kTitlePrefix, stem.substr(1)));
    }
    if (!words.empty()) {
      boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                          ranking.title_weight);
    }
  }
  if (proximity) {
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<Xapian::Query> pairs;
    for (size_t i = 1; i < stems.size(); ++i) {
      if (stems[i - 1] == stems[i] || !seen.emplace(stems[i - 1], stems[i]).second) continue;
      const Xapian::Query two[] = {Xapian::Query(stems[i - 1]), Xapian::Query(stems[i])};
      pairs.emplace_back(Xapian::Query::OP_NEAR, two, two + 2, ranking.proximity_window);
    }
    if (!pairs.empty()) {
      boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                          ranking.proximity_weight);
    }
  }
  if (boosts.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

}  // namespace byline
