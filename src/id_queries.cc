#include "id_queries.h"

#include "byline/schema.h"
#include "phrase_check.h"
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

}  // namespace

Result<std::vector<std::string>> IdsMatchingQuery(const Xapian::Database& db,
                                                  const Analyzer& analyzer,
                                                  const std::string& query_text) {
  if (query_text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidQuery("the delete query is empty");
  }
  // Wildcards expand to every word they match, not only the most frequent
  // ones a search takes: a delete must not quietly leave some out.
  SearchOptions options;
  options.max_wildcard_expansion = 0;
  QueryBuilder builder(analyzer, db, options);
  auto parsed = builder.BuildStrict(query_text);
  if (!parsed.ok()) {
    return Status::InvalidQuery("cannot parse delete query \"" + query_text +
                                "\": " + parsed.status().message());
  }
  // Phrases are checked article by article, against its position stream
  // or Xapian's position table, whichever it has (a dry run's overlay holds
  // streams whatever the index's format): a delete must not take articles
  // that only hold the words apart.
  const Xapian::Query query = WithPhraseChecks(*parsed, schema::kPositionsSlot);
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
