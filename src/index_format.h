// The index format each database records (schema::kIndexFormat, under
// schema::kFormatMetadataKey), and the checks every opener makes: an older
// format this Byline reads opens, a newer one is refused.
#ifndef BYLINE_SRC_INDEX_FORMAT_H_
#define BYLINE_SRC_INDEX_FORMAT_H_

#include <xapian.h>

#include <string>

#include "byline/index_format.h"
#include "byline/status.h"

namespace byline {

// The format `db` records: 1 when it records none (written before formats
// were recorded), -1 when the value is not a whole number. A database made
// of several reads the first one's.
int RecordedIndexFormat(const Xapian::Database& db);

// OK when this Byline reads `db` (at `dir`, for messages). Otherwise
// kCorruption: "index at DIR was written by a newer Byline (format N; this
// PROGRAM reads up to M): upgrade Byline" (PROGRAM: ProgramName() of
// byline/version.h), or, for a format too old to read, the --reindex command
// that rebuilds it.
Status CheckIndexFormat(const Xapian::Database& db, const std::string& dir);

// Whether `db` keeps word positions in streams (schema::kPositionsSlot)
// rather than Xapian's position table: format kFirstPositionStreamFormat or
// later, with stems only (byline.stemming "all_z"), built with
// byline.positions "stream" (IndexOptions::positions). An index of the older
// "some" stemming keeps the table: its snippets are Xapian's, which find
// phrases through it. A database made of several answers for the first one.
bool UsesPositionStreams(const Xapian::Database& db);

// Records schema::kIndexFormat in `db` (committed with the writer's next
// commit).
void RecordIndexFormat(Xapian::WritableDatabase& db);

// ReindexCommand, IndexFormatAdvice and CheckLiveIndexFormat are in
// byline/index_format.h.

}  // namespace byline

#endif  // BYLINE_SRC_INDEX_FORMAT_H_
