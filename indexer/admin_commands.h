// Subcommands that look after an existing index: stats and compact.
#ifndef BYLINE_INDEXER_ADMIN_COMMANDS_H_
#define BYLINE_INDEXER_ADMIN_COMMANDS_H_

#include <string>

#include "flags.h"

namespace byline::indexer {

// Prints articles, terms, size, generation and last update; 0 or 1.
int RunStats(const std::string& index, bool json);

// Compacts the live generation into a new one and switches to it, under
// the write lock (waiting as --wait says); with --dry-run only says what it
// would do. 0 or 1.
int RunCompact(const Flags& flags);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_ADMIN_COMMANDS_H_
