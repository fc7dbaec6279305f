// IndexPreview: what a write would do to an index, worked out without
// writing: byline-indexer --dry-run. It opens the index read-only (one
// generation or local shards, through the stub), takes no lock and creates
// nothing, so the index's files are byte for byte what they were.
//
// It answers as IndexWriter would, remembering what this run would already
// have added, changed and deleted: an article added and then deleted in the
// same run previews as deleted.
//
// Thread safety: not safe for concurrent use.
#ifndef BYLINE_INDEX_PREVIEW_H_
#define BYLINE_INDEX_PREVIEW_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "byline/article.h"
#include "byline/index_changes.h"
#include "byline/options.h"
#include "byline/status.h"

namespace byline {

class IndexPreview : public IndexChanges {
 public:
  // Opens the index in `dir` read-only. A path with no index previews as an
  // empty one (exists() false): everything would be added, analysed as
  // `options` says a new index would be. With `queries_see_changes`,
  // IdsMatching sees the articles upserted so far as the writer would hold
  // them (they are indexed in memory: ask for it only when a query follows
  // the upserts); without, it matches them as they were before the run.
  static Result<std::unique_ptr<IndexPreview>> Open(const std::string& dir,
                                                    const IndexOptions& options = {},
                                                    bool queries_see_changes = false);
  // A preview of an empty index, whatever is on disk (previewing a rebuild
  // of an index too damaged to read).
  static std::unique_ptr<IndexPreview> Empty(const IndexOptions& options = {});
  ~IndexPreview() override;
  IndexPreview(const IndexPreview&) = delete;
  IndexPreview& operator=(const IndexPreview&) = delete;

  bool exists() const;

  // IndexChanges, answered as IndexWriter would answer (see there).
  // Upsert and Delete say what the writer would do; IdsMatching and
  // IdsNotIn leave out what this preview already deleted; article_count is
  // what the index would hold after what was previewed so far.
  Result<UpsertOutcome> Upsert(const Article& article) override;
  Result<bool> Delete(const std::string& id) override;
  // Nothing is written: Commit() and BeginTransaction() have nothing to do,
  // word lists are not stored (a dry run only checks that they were read),
  // and Abandon() does not take back what was previewed.
  Status Commit() override { return Status::Ok(); }
  Status BeginTransaction() override { return Status::Ok(); }
  void Abandon() override {}
  Status SetSynonyms(const SynonymGroups& /*groups*/) override { return Status::Ok(); }
  Status SetStopwords(const std::vector<std::string>& /*words*/) override { return Status::Ok(); }
  Result<std::vector<std::string>> IdsMatching(const std::string& query) const override;
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const override;
  uint64_t article_count() const override;

 private:
  struct Impl;
  explicit IndexPreview(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_INDEX_PREVIEW_H_
