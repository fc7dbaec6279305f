// The first load of an index (a new one, or one that holds no article):
// read like any update, built the way --reindex builds (byline/bulk_load.h),
// with the update's counts, messages and exit status.
#ifndef BYLINE_INDEXER_BULK_LOAD_H_
#define BYLINE_INDEXER_BULK_LOAD_H_

#include <memory>

#include "byline/write_lock.h"
#include "flags.h"

namespace byline::indexer {

// Whether the run is one a bulk load can do, should the index hold no
// article: inputs and nothing else (no --reindex, --dry-run, --sync or
// deletions, which keep the update path).
bool BulkLoadFits(const Flags& flags);

// BulkLoadFits, and the index in --index holds no article. REQUIRES: the
// index's write lock is held. An index that cannot be read is left to the
// update path, which says why.
bool LoadsInBulk(const Flags& flags);

// Loads the inputs into the index (--shards N of a new one built all at
// once). What was read before a stop (--max-errors, an unreadable input)
// is published, as an update keeps what it committed. Returns the exit
// status. REQUIRES: LoadsInBulk(flags); `lock` is the index's.
int RunBulkLoad(const Flags& flags, const Plan& plan, const std::shared_ptr<const WriteLock>& lock);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_BULK_LOAD_H_
