// QueryNormaliser: rewrites what a user typed into the query text Byline hands
// to Xapian's QueryParser, so that typing habits do not change the ranking.
//
// Xapian's parser takes case as meaning: a capitalised word is not stemmed
// (STEM_SOME), upper-case AND/OR/NOT are operators, and a hyphen joins words
// into a phrase. People type sentences that start with a capital, names,
// "OR" in prose and hyphenated compounds, and expect them to match like plain
// words. The normaliser therefore:
//   - lower-cases plain words (so "Computers" is stemmed like "computers");
//   - splits plain hyphenated words ("time-sharing" -> "time sharing");
//   - keeps AND/OR/NOT as operators only when written in capitals between
//     operands in a query that is not all capitals ("cats OR dogs", but not
//     "WAR AND PEACE", "AND dogs" or "cats OR");
//   - keeps "quoted phrases" verbatim, and +word, -word, -"phrase", word*
//     and field:value (title:, author:, ...) as they are, lower-casing words
//     but not the values of case-sensitive fields such as id:;
//   - given exact routes, sends a quoted value of such a field to its hidden
//     field (source:"BBC News" -> HIDDEN:"BBC News"), which matches the
//     whole value (see QueryField::exact_term).
// When given wildcard routes (an index of stems only, see analysis.h), it
// also rewrites word* and field:word* to HIDDEN:word*, the field that
// expands the wildcard over stems.
//
// Thread safety: immutable after construction; safe to share.
#ifndef BYLINE_SRC_QUERY_NORMALISER_H_
#define BYLINE_SRC_QUERY_NORMALISER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace byline {

class QueryNormaliser {
 public:
  // `fields`: the field names the parser knows (e.g. "title"), matched
  // case-insensitively. `verbatim_fields`: those among them whose values are
  // exact, case-sensitive terms (e.g. "id"), left untouched.
  // `wildcard_routes`: (field, hidden field) pairs, field "" for plain
  // words; a wildcard of a field without a route is left as typed.
  // `exact_routes`: (field, hidden field) pairs for quoted values.
  QueryNormaliser(std::vector<std::string> fields, std::vector<std::string> verbatim_fields,
                  std::vector<std::pair<std::string, std::string>> wildcard_routes = {},
                  std::vector<std::pair<std::string, std::string>> exact_routes = {});

  // How operator words are read: kGuess keeps AND/OR/NOT/XOR as operators
  // only where they have operands (see above), for searches, where a typed
  // query must never fail; kAsTyped keeps every capitalised one an operator
  // (NEAR and ADJ too),
  // so that a query whose operators do not parse still fails to (delete
  // queries: a guess must not replace an error).
  enum class Operators { kGuess, kAsTyped };

  std::string Normalise(std::string_view query, Operators operators = Operators::kGuess) const;

 private:
  // The known field this token starts with ("title" for "Title:x"), or "".
  std::string FieldOf(std::string_view token) const;
  bool IsVerbatimField(const std::string& field) const;
  std::string NormaliseWord(std::string_view token) const;
  // `piece` (normalised: lower-case, no hyphens) routed as above when it is
  // a wildcard, else unchanged.
  std::string RouteWildcard(const std::string& piece) const;

  std::vector<std::string> fields_;
  std::vector<std::string> verbatim_fields_;
  std::vector<std::pair<std::string, std::string>> wildcard_routes_;
  std::vector<std::pair<std::string, std::string>> exact_routes_;
};

}  // namespace byline

#endif  // BYLINE_SRC_QUERY_NORMALISER_H_
