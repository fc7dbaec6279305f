// Which articles a deletion would remove, found the same way by the writer
// (IndexWriter) and by a dry run (IndexPreview, over a read-only database),
// so that what a dry run reports is what the real run does.
#ifndef BYLINE_SRC_ID_QUERIES_H_
#define BYLINE_SRC_ID_QUERIES_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis.h"
#include "byline/status.h"

namespace byline {

// Ids of the articles `query` matches (search syntax: words, phrases,
// AND/OR/NOT, title:, source:, tag:, id:, wildcards), in index order. A
// query that does not parse strictly is kInvalidQuery, never guessed at:
// deleting is not searching. Throws Xapian::Error.
Result<std::vector<std::string>> IdsMatchingQuery(const Xapian::Database& db,
                                                  const Analyzer& analyzer,
                                                  const std::string& query);

// Ids of the articles `keep` says no to, in id order. Throws
// Xapian::Error.
std::vector<std::string> IdsNotIn(const Xapian::Database& db,
                                  const std::function<bool(const std::string& id)>& keep);

}  // namespace byline

#endif  // BYLINE_SRC_ID_QUERIES_H_
