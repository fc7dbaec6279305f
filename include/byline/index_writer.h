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
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"
#include "byline/write_lock.h"

namespace byline {

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

class IndexWriter {
 public:
  // Opens the index in `dir` to update its live generation in place (a
  // whole new generation is BulkBuilder's job), creating it when missing if
  // options.create_if_missing. Holds `lock` when it is the lock of `dir`
  // (the caller took it, e.g. waiting for it), else takes `dir`'s own
  // without waiting. Clears what interrupted writers left (RemoveLeftovers).
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& dir,
                                                   const IndexOptions& options,
                                                   std::shared_ptr<const WriteLock> lock = nullptr);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds the article, or replaces the one with the same id. REQUIRES: the
  // article passed ValidateArticle and CheckFieldValues against fields()
  // (checked again here: InvalidArgument). An unchanged article is written
  // again (kUpdated) when it was stored before a declared field it carries
  // was declared, so giving it again indexes it by that field.
  Result<UpsertOutcome> Upsert(const Article& article);

  // Removes the article with this id; false when there was none.
  Result<bool> Delete(const std::string& id);

  // Ids of the articles `query` matches (search syntax: words, phrases,
  // AND/OR/NOT, title:, source:, tag:, id:, ...), uncommitted changes
  // included. A query that does not parse strictly is an error here
  // (kInvalidQuery), never guessed at: deleting is not searching. Callers
  // delete them with Delete(), after checking how many there are.
  Result<std::vector<std::string>> IdsMatching(const std::string& query) const;

  // Ids of the articles `keep` says no to (what --sync deletes).
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const;

  // Articles in the index, uncommitted changes included.
  uint64_t article_count() const;

  // Makes everything written so far durable and visible to readers.
  Status Commit();

  // From here to the next Commit() (or Abandon()), the changes are one
  // commit, however many (neither IndexOptions::commit_every nor Xapian's
  // own flush threshold commits part of them), and can be abandoned.
  Status BeginTransaction();

  // Drops the changes since BeginTransaction() (none is written, nor
  // committed on close). Does nothing outside a transaction.
  void Abandon();

  // Replaces the index's synonyms; queries expand a word to its group.
  // Stored in the index, so every searcher uses them; a rebuild keeps them.
  // Visible after the next Commit().
  Status SetSynonyms(const SynonymGroups& groups);

  // Replaces the index's stopwords (dropped from queries, except inside
  // phrases); empty goes back to the language's list. Stored like synonyms.
  Status SetStopwords(const std::vector<std::string>& words);

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
