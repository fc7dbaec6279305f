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
//     but not the values of case-sensitive fields such as id:.
//
// Thread safety: immutable after construction; safe to share.
#ifndef BYLINE_SRC_QUERY_NORMALISER_H_
#define BYLINE_SRC_QUERY_NORMALISER_H_

#include <string>
#include <string_view>
#include <vector>

namespace byline {

class QueryNormaliser {
 public:
  // `fields`: the field names the parser knows (e.g. "title"), matched
  // case-insensitively. `verbatim_fields`: those among them whose values are
  // exact, case-sensitive terms (e.g. "id"), left untouched.
  QueryNormaliser(std::vector<std::string> fields, std::vector<std::string> verbatim_fields);

  std::string Normalise(std::string_view query) const;

 private:
  // The known field this token starts with ("title" for "Title:x"), or "".
  std::string FieldOf(std::string_view token) const;
  bool IsVerbatimField(const std::string& field) const;
  std::string NormaliseWord(std::string_view token) const;

  std::vector<std::string> fields_;
  std::vector<std::string> verbatim_fields_;
};

}  // namespace byline

#endif  // BYLINE_SRC_QUERY_NORMALISER_H_
