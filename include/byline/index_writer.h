// IndexWriter: puts Articles into a Byline index.
//
// Thread safety: one IndexWriter per index at a time: it holds the index's
// WriteLock while open, so a second writer (in this process or another) gets
// kBusy naming the first. Not safe for concurrent use.
#ifndef BYLINE_INDEX_WRITER_H_
#define BYLINE_INDEX_WRITER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "byline/article.h"
#include "byline/fields.h"
#include "byline/index_changes.h"
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"
#include "byline/write_lock.h"

namespace byline {

class IndexWriter : public IndexChanges {
 public:
  // Opens the index in `dir` to update its live generation in place (a
  // whole new generation is BulkBuilder's job), creating it when missing if
  // options.create_if_missing. Holds `lock` when it is the lock of `dir`
  // (the caller took it, e.g. waiting for it), else takes `dir`'s own
  // without waiting. Clears what interrupted writers left (RemoveLeftovers).
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& dir,
                                                   const IndexOptions& options,
                                                   std::shared_ptr<const WriteLock> lock = nullptr);
  ~IndexWriter() override;
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // IndexChanges (see there), on this one database. Upsert checks the
  // article against fields(); an unchanged article is written again
  // (kUpdated) when it was stored before a declared field it carries was
  // declared, so giving it again indexes it by that field. IdsMatching,
  // IdsNotIn and article_count see the uncommitted changes.
  Result<UpsertOutcome> Upsert(const Article& article) override;
  Result<bool> Delete(const std::string& id) override;
  Status Commit() override;
  Status BeginTransaction() override;
  void Abandon() override;
  Status SetSynonyms(const SynonymGroups& groups) override;
  Status SetStopwords(const std::vector<std::string>& words) override;
  Result<std::vector<std::string>> IdsMatching(const std::string& query) const override;
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const override;
  uint64_t article_count() const override;

  // The index's declared fields: its own plus IndexOptions::fields.
  const FieldSchema& fields() const;

  // Number of uncommitted changes.
  uint64_t pending() const;

  // The generation being written, e.g. "gen-000003".
  const std::string& generation() const;

  Result<IndexStats> Stats() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Statistics of the index in `dir`, read without taking the writer lock.
Result<IndexStats> ReadIndexStats(const std::string& dir);

// Compacts the live generation with Xapian's compactor into the next
// generation and switches to it atomically, as a reindex does. Holds the
// write lock meanwhile (`lock`, or `dir`'s own taken without waiting), so no
// update is lost. Returns the new stats.
Result<IndexStats> CompactIndex(const std::string& dir,
                                std::shared_ptr<const WriteLock> lock = nullptr);

}  // namespace byline

#endif  // BYLINE_INDEX_WRITER_H_
