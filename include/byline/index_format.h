// Index formats, as the programs report and check them (the format numbers
// and what each changed are in byline/schema.h: kIndexFormat).
#ifndef BYLINE_INDEX_FORMAT_H_
#define BYLINE_INDEX_FORMAT_H_

#include <string>

#include "byline/status.h"

namespace byline {

// "byline-indexer --index DIR --reindex INPUTS": the command that rebuilds
// the index at `dir` in today's format (schema::kIndexFormat).
std::string ReindexCommand(const std::string& dir);

// For a readable index of `format`: "" when it is current, else "format N
// (current M): upgrade with byline-indexer --index DIR --reindex INPUTS".
std::string IndexFormatAdvice(int format, const std::string& dir);

// Checks the format of the index at `dir` as it is live (each local shard of
// a sharded one): kCorruption for a newer format than this Byline reads
// ("... written by a newer Byline ...: upgrade Byline"), and for one too old
// to read unless `rebuilding` (a --reindex is how such an index is
// upgraded). OK when there is no index, or when it cannot be opened (the
// caller's own open reports that).
Status CheckLiveIndexFormat(const std::string& dir, bool rebuilding);

}  // namespace byline

#endif  // BYLINE_INDEX_FORMAT_H_
