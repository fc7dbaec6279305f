#include "query_builder.h"

namespace byline {
namespace {

constexpr unsigned kStrictFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT;

QueryNormaliser MakeNormaliser() {
  std::vector<std::string> fields, exact_case;
  for (const QueryField& field : kQueryFields) {
    fields.push_back(field.name);
    if (field.exact_case) exact_case.push_back(field.name);
  }
  return QueryNormaliser(std::move(fields), std::move(exact_case));
}

bool IsBlank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

QueryBuilder::QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db,
                           const SearchOptions& options)
    : normaliser_(MakeNormaliser()) {
  analyzer.Configure(&parser_);
  parser_.set_database(db);
  parser_.set_max_expansion(options.max_wildcard_expansion,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
}

BuiltQuery QueryBuilder::Build(const SearchRequest& request) {
  BuiltQuery built;
  if (IsBlank(request.query)) {
    built.query = Xapian::Query::MatchAll;
    return built;
  }
  parser_.set_default_op(request.op == DefaultOp::kOr ? Xapian::Query::OP_OR
                                                      : Xapian::Query::OP_AND);
  const std::string text = normaliser_.Normalise(request.query);
  try {
    built.query = parser_.parse_query(text, kStrictFlags);
  } catch (const Xapian::QueryParserError&) {
    built.fallback = true;
    try {
      built.query = parser_.parse_query(text, 0);
    } catch (const Xapian::QueryParserError&) {
      built.query = Xapian::Query::MatchNothing;
    }
  }
  return built;
}

}  // namespace byline
