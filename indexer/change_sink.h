// ChangeSink: where an update run's changes go: into the index (through
// its writer, holding the write lock), or, with --dry-run, into a read-only
// preview that only says what would happen. The run itself (index_command.cc)
// is the same code either way, so a dry run reports what the real run does.
#ifndef BYLINE_INDEXER_CHANGE_SINK_H_
#define BYLINE_INDEXER_CHANGE_SINK_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "byline/index_preview.h"
#include "byline/index_writer.h"
#include "byline/sharded_writer.h"
#include "byline/status.h"
#include "flags.h"

namespace byline::indexer {

class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  virtual bool dry_run() const = 0;
  virtual Result<UpsertOutcome> Upsert(const Article& article) = 0;
  virtual Result<bool> Delete(const std::string& id) = 0;
  virtual Result<std::vector<std::string>> IdsMatching(const std::string& query) = 0;
  virtual Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string&)>& keep) = 0;
  virtual uint64_t article_count() const = 0;
  // --synonyms and --stopwords; a dry run only checks they were read.
  virtual Status StoreWordLists(const Plan& plan) = 0;
  virtual Status Commit() = 0;
};

std::unique_ptr<ChangeSink> WriteTo(std::unique_ptr<ShardedWriter> writer);
std::unique_ptr<ChangeSink> PreviewIn(std::unique_ptr<IndexPreview> preview);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_CHANGE_SINK_H_
