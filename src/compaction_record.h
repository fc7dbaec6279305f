// Writes and reads the drift record of a generation (the keys are in
// byline/schema.h; what they mean in byline/auto_compact.h).
#ifndef BYLINE_SRC_COMPACTION_RECORD_H_
#define BYLINE_SRC_COMPACTION_RECORD_H_

#include <xapian.h>

#include <cstdint>
#include <string>

namespace byline {

// Records that `db` was just compacted (or bulk built) holding `articles`
// in `bytes`, and that nothing was written since. REQUIRES: the caller
// commits and catches Xapian::Error.
void RecordCompaction(Xapian::WritableDatabase& db, uint64_t articles, uint64_t bytes);

// Adds `writes` to the writes since the last compaction. REQUIRES: as above.
void AddWritesSinceCompaction(Xapian::WritableDatabase& db, uint64_t writes);

// A decimal metadata value of `db`; 0 when absent or unreadable.
// REQUIRES: the caller catches Xapian::Error.
uint64_t ReadCount(const Xapian::Database& db, const char* key);

}  // namespace byline

#endif  // BYLINE_SRC_COMPACTION_RECORD_H_
