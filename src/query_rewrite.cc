#include "query_rewrite.h"

#include <cstdlib>
#include <vector>

namespace byline {
namespace {

// The factor of an OP_SCALE_WEIGHT ("Query(2.5 * ...)"), written by Xapian
// with 20 significant digits, so read back exactly.
bool ScaleFactorOf(const Xapian::Query& query, double* factor) {
  const std::string description = query.get_description();
  const std::string head = "Query(";
  if (description.compare(0, head.size(), head) != 0) return false;
  char* end = nullptr;
  *factor = std::strtod(description.c_str() + head.size(), &end);
  return end != nullptr && std::string(end).compare(0, 3, " * ") == 0;
}

Xapian::Query Rewrite(const Xapian::Query& query, bool weighted, const SubqueryReplacer& replace,
                      bool* changed) {
  if (std::optional<Xapian::Query> replaced = replace(query, weighted)) {
    if (replaced->internal.get() != query.internal.get()) *changed = true;
    return *replaced;
  }
  const Xapian::Query::op op = query.get_type();
  const size_t n = query.get_num_subqueries();
  if (n == 0) return query;
  std::vector<Xapian::Query> subs;
  bool any = false;
  for (size_t i = 0; i < n; ++i) {
    // The right of a filter or an AND_NOT only selects.
    const bool counts =
        weighted && !(i > 0 && (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT));
    subs.push_back(Rewrite(query.get_subquery(i), counts, replace, &any));
  }
  if (!any) return query;
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      *changed = true;
      return Xapian::Query(op, subs.begin(), subs.end());
    case Xapian::Query::OP_ELITE_SET:
      *changed = true;
      return Xapian::Query(op, subs.begin(), subs.end(), NumberAfter(query, " ELITE_SET "));
    case Xapian::Query::OP_SCALE_WEIGHT: {
      double factor;
      if (!ScaleFactorOf(query, &factor)) return query;
      *changed = true;
      return Xapian::Query(op, subs.front(), factor);
    }
    default:
      return query;  // not rebuilt: left as it is
  }
}

}  // namespace

Xapian::Query ReplaceSubqueries(const Xapian::Query& query, const SubqueryReplacer& replace) {
  bool changed = false;
  Xapian::Query out = Rewrite(query, true, replace, &changed);
  return changed ? out : query;
}

Xapian::termcount NumberAfter(const Xapian::Query& query, const std::string& op) {
  const std::string description = query.get_description();
  const size_t at = description.rfind(op);
  if (at == std::string::npos) return 0;
  return static_cast<Xapian::termcount>(
      std::strtoul(description.c_str() + at + op.size(), nullptr, 10));
}

Xapian::termcount LeafWqf(const Xapian::Query& leaf) {
  // "Query(term)", "Query(term#2)", "Query(term@3)", "Query(term#2@3)": the
  // term is known, so what follows it is read unambiguously.
  const std::string description = leaf.get_description();
  const std::string term = *leaf.get_terms_begin();
  const std::string head = "Query(" + term;
  if (description.compare(0, head.size(), head) != 0) return 1;
  if (description.size() > head.size() && description[head.size()] == '#') {
    return static_cast<Xapian::termcount>(
        std::strtoul(description.c_str() + head.size() + 1, nullptr, 10));
  }
  return 1;
}

}  // namespace byline
