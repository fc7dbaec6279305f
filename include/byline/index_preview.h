// IndexPreview: what a write would do to an index, worked out without
// writing: byline-indexer --dry-run. It opens the index read-only (one
// generation or local shards, through the stub), takes no lock and creates
// nothing, so the index's files are byte for byte what they were.
//
// It answers as IndexWriter would, remembering what this run would already
// have added and deleted: an article added and then deleted in the same
// run previews as deleted. One limit: IdsMatching looks at the index as it
// was, so the articles this run would add or change are matched as they
// were before it (a --delete-query given with inputs may then delete more
// or fewer of those than previewed).
//
// Thread safety: not safe for concurrent use.
#ifndef BYLINE_INDEX_PREVIEW_H_
#define BYLINE_INDEX_PREVIEW_H_

#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "byline/article.h"
#include "byline/index_writer.h"
#include "byline/status.h"

namespace byline {

class IndexPreview {
 public:
  // Opens the index in `dir` read-only. A path with no index previews as an
  // empty one (exists() false): everything would be added.
  static Result<std::unique_ptr<IndexPreview>> Open(const std::string& dir);
  ~IndexPreview();
  IndexPreview(const IndexPreview&) = delete;
  IndexPreview& operator=(const IndexPreview&) = delete;

  bool exists() const;

  // What IndexWriter::Upsert would answer.
  Result<UpsertOutcome> Upsert(const Article& article);
  // Whether IndexWriter::Delete would find the article.
  Result<bool> Delete(const std::string& id);
  // As IndexWriter's, less what this preview already deleted.
  Result<std::vector<std::string>> IdsMatching(const std::string& query) const;
  Result<std::vector<std::string>> IdsNotIn(const std::function<bool(const std::string& id)>& keep) const;
  // Articles the index would hold after what was previewed so far.
  uint64_t article_count() const;

 private:
  struct Impl;
  explicit IndexPreview(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_INDEX_PREVIEW_H_
