// IndexWriter: puts Articles into a Byline index.
//
// Thread safety: one IndexWriter per index at a time (Xapian allows a single
// writer; a second one gets kBusy). Not safe for concurrent use.
#ifndef BYLINE_INDEX_WRITER_H_
#define BYLINE_INDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>

#include "byline/article.h"
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"

namespace byline {

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

class IndexWriter {
 public:
  // Opens (creating when missing) the index in `dir` to update its live
  // generation in place. A whole new generation is BulkBuilder's job.
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& dir,
                                                    const IndexOptions& options);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds the article, or replaces the one with the same id. REQUIRES: the
  // article passed ValidateArticle (checked again here).
  Result<UpsertOutcome> Upsert(const Article& article);

  // Removes the article with this id; false when there was none.
  Result<bool> Delete(const std::string& id);

  // Deletes every article `query` matches (search syntax: words, phrases,
  // AND/OR/NOT, title:, source:, tag:, id:, ...), or with `dry_run` only
  // counts them. Returns the count. A query that does not parse strictly is
  // an error here (kInvalidQuery), never guessed at: deleting is not searching.
  Result<uint64_t> DeleteMatching(const std::string& query, bool dry_run);

  // Deletes every article whose id is not in `keep_ids` (or with `dry_run`
  // only counts them). Returns the count. Used by --sync.
  Result<uint64_t> DeleteAllExcept(const std::unordered_set<std::string>& keep_ids,
                                   bool dry_run);

  // Makes everything written so far durable and visible to readers.
  Status Commit();

  // Replaces the index's synonyms; queries expand a word to its group.
  // Stored in the index, so every searcher uses them; a rebuild keeps them.
  // Visible after the next Commit().
  Status SetSynonyms(const SynonymGroups& groups);

  // Replaces the index's stopwords (dropped from queries, except inside
  // phrases); empty goes back to the language's list. Stored like synonyms.
  Status SetStopwords(const std::vector<std::string>& words);

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
// writer lock meanwhile, so no update is lost. Returns the new stats.
Result<IndexStats> CompactIndex(const std::string& dir);

}  // namespace byline

#endif  // BYLINE_INDEX_WRITER_H_
