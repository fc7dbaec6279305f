// IndexWriter: puts Articles into a Byline index.
//
// Thread safety: one IndexWriter per index at a time (Xapian allows a single
// writer; a second one gets kBusy). Not safe for concurrent use.
#ifndef BYLINE_INDEX_WRITER_H_
#define BYLINE_INDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "byline/article.h"
#include "byline/index_stats.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"

namespace byline {

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

class IndexWriter {
 public:
  enum class Mode {
    kUpdate,   // write into the live generation (created if the index is new)
    kRebuild,  // write a fresh generation; Publish() switches readers to it
  };

  // Opens (creating when missing) the index in `dir`.
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& dir,
                                                    const IndexOptions& options,
                                                    Mode mode = Mode::kUpdate);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds the article, or replaces the one with the same id. REQUIRES: the
  // article passed ValidateArticle (checked again here).
  Result<UpsertOutcome> Upsert(const Article& article);

  // Removes the article with this id; false when there was none.
  Result<bool> Delete(const std::string& id);

  // Makes everything written so far durable and visible to readers.
  Status Commit();

  // Replaces the index's synonyms; queries expand a word to its group.
  // Stored in the index, so every searcher uses them; a rebuild keeps them.
  // Visible after the next Commit()/Publish().
  Status SetSynonyms(const SynonymGroups& groups);

  // Replaces the index's stopwords (dropped from queries, except inside
  // phrases); empty goes back to the language's list. Stored like synonyms.
  Status SetStopwords(const std::vector<std::string>& words);

  // Number of uncommitted changes.
  uint64_t pending() const;

  // kRebuild only: commits, then atomically switches the index to the new
  // generation and removes stale ones. Before this, readers see the old one.
  Status Publish();

  // The generation being written, e.g. "gen-000003".
  const std::string& generation() const;

  Result<IndexStats> Stats() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_INDEX_WRITER_H_
