// The entries a directory walk considers, for every walk of an input
// directory (reading it, sizing it, telling whether it holds a feed).
#ifndef BYLINE_SRC_INGEST_DIRECTORY_WALK_H_
#define BYLINE_SRC_INGEST_DIRECTORY_WALK_H_

#include <filesystem>
#include <functional>
#include <string>

#include "byline/site_files.h"

namespace byline::ingest {

// Calls `on_file` for each regular file below `root`, in the order the
// directory gives them, skipping hidden entries and what `filter` leaves
// out (an excluded or hidden directory is not entered). Stops when
// `on_file` returns false.
void ForEachWalkedFile(const std::string& root, const PathFilter& filter,
                       const std::function<bool(const std::filesystem::directory_entry&)>& on_file);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_DIRECTORY_WALK_H_
