// IndexChanges: the changes a run makes to an index in place: articles
// upserted and deleted, the ids a deletion by query or by --sync would take,
// word lists, and the commit (or transaction) that makes them durable.
//
// Implemented by IndexWriter (one database), ShardedWriter (a plain index or
// local shards, routed by id) and IndexPreview (a dry run: answers as the
// writer would and writes nothing), so a run of changes is one piece of code
// whichever of them it is given.
#ifndef BYLINE_INDEX_CHANGES_H_
#define BYLINE_INDEX_CHANGES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "byline/article.h"
#include "byline/status.h"
#include "byline/word_lists.h"

namespace byline {

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

class IndexChanges {
 public:
  virtual ~IndexChanges() = default;

  // The changes.

  // Adds the article, or replaces the one with the same id. REQUIRES: the
  // article passed ValidateArticle and CheckFieldValues against the index's
  // declared fields (checked again: InvalidArgument, the article's fault).
  virtual Result<UpsertOutcome> Upsert(const Article& article) = 0;

  // Removes the article with this id; false when there was none.
  virtual Result<bool> Delete(const std::string& id) = 0;

  // Makes everything written so far durable and visible to readers.
  virtual Status Commit() = 0;

  // From here to the next Commit() (or Abandon()), the changes are one
  // commit, however many (neither IndexOptions::commit_every nor Xapian's
  // own flush threshold commits part of them), and can be abandoned.
  virtual Status BeginTransaction() = 0;

  // Drops the changes since BeginTransaction() (none is written, nor
  // committed on close). Does nothing outside a transaction.
  virtual void Abandon() = 0;

  // Replaces the index's synonyms; queries expand a word to its group.
  // Stored in the index, so every searcher uses them; a rebuild keeps them.
  // Visible after the next Commit().
  virtual Status SetSynonyms(const SynonymGroups& groups) = 0;

  // Replaces the index's stopwords (dropped from queries, except inside
  // phrases); empty goes back to the language's list. Stored like synonyms.
  virtual Status SetStopwords(const std::vector<std::string>& words) = 0;

  // What is in the index, the changes so far included (committed or not).

  // Ids of the articles `query` matches (search syntax: words, phrases,
  // AND/OR/NOT, title:, source:, tag:, id:, ...). A query that does not
  // parse strictly is an error here (kInvalidQuery), never guessed at:
  // deleting is not searching. Callers delete them with Delete(), after
  // checking how many there are.
  virtual Result<std::vector<std::string>> IdsMatching(const std::string& query) const = 0;

  // Ids of the articles `keep` says no to (what --sync deletes).
  virtual Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string& id)>& keep) const = 0;

  // Articles in the index.
  virtual uint64_t article_count() const = 0;
};

}  // namespace byline

#endif  // BYLINE_INDEX_CHANGES_H_
