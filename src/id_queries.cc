#include "id_queries.h"

#include "byline/schema.h"
#include "query_builder.h"

namespace byline {
namespace {

// The id of a document, read off its id term (ids are at most kMaxIdBytes,
// so the term is never cut short). Empty when it has none.
std::string IdOf(const Xapian::Database& db, Xapian::docid docid) {
  const std::string prefix = schema::kIdPrefix;
  Xapian::TermIterator t = db.termlist_begin(docid);
  t.skip_to(prefix);
  if (t == db.termlist_end(docid) || (*t).compare(0, prefix.size(), prefix) != 0) return "";
  return (*t).substr(prefix.size());
}

// A word no article holds, XOR-ed onto a delete query to tell a strict parse
// from Xapian's fallback (see ParseStrictly).
constexpr char kSentinel[] = "qqbylinestrictparseqq";

// Parses `text` with `flags` and fails if that needed Xapian 1.4's silent
// fallback. On a grammar error ("parse error") QueryParser::parse_query
// parses again with the operators, phrases and signs off and returns that,
// so "energy NEAR" would delete articles holding "energy" and "near". A
// delete must not guess: the text is parsed as "(TEXT) XOR sentinel", whose
// top operator is XOR only when the operators were understood; the query is
// then what the XOR holds besides the sentinel. Throws Xapian::Error.
Result<Xapian::Query> ParseStrictly(Xapian::QueryParser& parser, const std::string& text,
                                    unsigned flags) {
  Xapian::Query wrapped;
  try {
    wrapped = parser.parse_query("(" + text + ") XOR " + kSentinel, flags);
  } catch (const Xapian::QueryParserError& e) {
    return Status::InvalidQuery(e.get_msg());
  }
  const size_t parts = wrapped.get_num_subqueries();
  if (wrapped.get_type() != Xapian::Query::OP_XOR || parts < 2 ||
      wrapped.get_subquery(parts - 1).get_description().find(kSentinel) == std::string::npos) {
    return Status::InvalidQuery(
        "its operators do not parse (Xapian would read it as plain "
        "words, which a delete does not guess at)");
  }
  // "(a XOR b) XOR sentinel" may come back flattened: XOR(a, b, sentinel).
  std::vector<Xapian::Query> kept;
  for (size_t i = 0; i + 1 < parts; ++i) kept.push_back(wrapped.get_subquery(i));
  if (kept.size() == 1) return kept.front();
  return Xapian::Query(Xapian::Query::OP_XOR, kept.begin(), kept.end());
}

}  // namespace

Result<std::vector<std::string>> IdsMatchingQuery(const Xapian::Database& db,
                                                  const Analyzer& analyzer,
                                                  const std::string& query_text) {
  if (query_text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidQuery("the delete query is empty");
  }
  Xapian::QueryParser parser;
  analyzer.Configure(&parser);
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_AND);
  unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                   Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                   Xapian::QueryParser::FLAG_PURE_NOT;
  std::string text = query_text;
  if (analyzer.StemsAllWords()) {
    // Wildcards expand over stems through the normaliser's hidden fields,
    // as in searches (Xapian's own would look for words as written).
    text = MakeQueryNormaliser(analyzer).RouteWildcards(query_text);
    flags &= ~static_cast<unsigned>(Xapian::QueryParser::FLAG_WILDCARD);
  }
  auto parsed = ParseStrictly(parser, text, flags);
  if (!parsed.ok()) {
    return Status::InvalidQuery("cannot parse delete query \"" + query_text +
                                "\": " + parsed.status().message());
  }
  const Xapian::Query query = *parsed;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  std::vector<std::string> ids;
  const Xapian::doccount kBatch = 10000;
  for (Xapian::doccount first = 0;; first += kBatch) {
    Xapian::MSet mset = enquire.get_mset(first, kBatch);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      std::string id = IdOf(db, *it);
      if (!id.empty()) ids.push_back(std::move(id));
    }
    if (mset.size() < kBatch) break;
  }
  return ids;
}

std::vector<std::string> IdsNotIn(const Xapian::Database& db,
                                  const std::function<bool(const std::string& id)>& keep) {
  const std::string prefix = schema::kIdPrefix;
  std::vector<std::string> ids;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string id = (*it).substr(prefix.size());
    if (!keep(id)) ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace byline
