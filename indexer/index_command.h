// The default command: index inputs, delete, sync, reindex.
#ifndef BYLINE_INDEXER_INDEX_COMMAND_H_
#define BYLINE_INDEXER_INDEX_COMMAND_H_

#include <memory>
#include <string>

#include "byline/write_lock.h"
#include "flags.h"

namespace byline::indexer {

// Exit status: 0 all done; 1 fatal error (or stopped by --max-errors);
// 3 done, but some records were skipped.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFatal = 1;
inline constexpr int kExitSkipped = 3;

int RunIndex(const Flags& flags, const Plan& plan);

// The index's write lock in byline-indexer's name, doing `action` ("a
// compaction"), waiting as --wait says.
Result<std::shared_ptr<const WriteLock>> TakeWriteLock(const Flags& flags,
                                                       const std::string& action);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_INDEX_COMMAND_H_
