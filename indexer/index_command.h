// The default command: index inputs, delete, sync, reindex.
#ifndef BYLINE_INDEXER_INDEX_COMMAND_H_
#define BYLINE_INDEXER_INDEX_COMMAND_H_

#include <memory>
#include <string>

#include "byline/index_changes.h"
#include "byline/write_lock.h"
#include "command_line.h"
#include "flags.h"

namespace byline::indexer {

// Exit status (command_line.h): 0 all done; 1 fatal error, a refusal (a
// busy index, a deletion guard) or stopped by --max-errors; 3 done, but some
// records were skipped. Usage errors (2) are caught before a run starts.
inline constexpr int kExitOk = cli::kExitOk;
inline constexpr int kExitFatal = cli::kExitFatal;
inline constexpr int kExitSkipped = cli::kExitPartial;

int RunIndex(const Flags& flags, const Plan& plan);

// "byline-indexer: MESSAGE" on stderr; returns kExitFatal.
int Fail(const std::string& message);

// "byline-indexer: MESSAGE" on stderr, unless --quiet.
void Say(const Flags& flags, const std::string& message);

// Stores --synonyms and --stopwords in `index` (a preview stores nothing: a
// dry run only checks that they were read).
Status StoreWordLists(const Plan& plan, IndexChanges& index);

// The index's write lock in byline-indexer's name, doing `action` ("a
// compaction"), waiting as --wait says.
Result<std::shared_ptr<const WriteLock>> TakeWriteLock(const Flags& flags,
                                                       const std::string& action);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_INDEX_COMMAND_H_
