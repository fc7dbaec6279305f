// The default command: index inputs, delete, sync, reindex.
#ifndef BYLINE_INDEXER_INDEX_COMMAND_H_
#define BYLINE_INDEXER_INDEX_COMMAND_H_

#include "flags.h"

namespace byline::indexer {

// Exit status: 0 all done; 1 fatal error (or stopped by --max-errors);
// 3 done, but some records were skipped.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFatal = 1;
inline constexpr int kExitSkipped = 3;

int RunIndex(const Flags& flags, const Plan& plan);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_INDEX_COMMAND_H_
