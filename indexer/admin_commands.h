// Subcommands that look after an existing index: stats and compact.
#ifndef BYLINE_INDEXER_ADMIN_COMMANDS_H_
#define BYLINE_INDEXER_ADMIN_COMMANDS_H_

#include <string>

namespace byline::indexer {

// Prints articles, terms, size, generation and last update; 0 or 1.
int RunStats(const std::string& index, bool json);

// Compacts the live generation into a new one and switches to it; 0 or 1.
int RunCompact(const std::string& index, bool quiet);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_ADMIN_COMMANDS_H_
