// The indexer's command line (and config file): what to read, where to
// write, and what to delete.
#ifndef BYLINE_INDEXER_FLAGS_H_
#define BYLINE_INDEXER_FLAGS_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "byline/auto_compact.h"
#include "byline/delete_guard.h"
#include "byline/ingest.h"
#include "byline/options.h"
#include "byline/status.h"
#include "byline/word_lists.h"

// Declared here so that only the files that build the command line parse
// CLI11 (a large header).
namespace CLI {
class App;
}  // namespace CLI

namespace byline::indexer {

struct Flags {
  std::string index;
  std::vector<std::string> inputs;
  std::vector<std::string> delete_ids;
  std::string delete_query;
  std::vector<std::string> field_map;  // "body=content", ...
  std::vector<std::string> fields;     // "category:keyword", ...
  size_t max_fields = kDefaultMaxFields;
  std::string format = "auto";
  std::string body_format = "auto";  // of JSON records' bodies: auto, text, html, markdown
  std::string language;              // empty: the index's own, or english
  std::string positions;             // empty: the index's own, or stream (table for shards)
  std::string synonyms;              // file to store in the index
  std::string stopwords;             // file to store in the index
  uint64_t commit_every = 10000;
  uint64_t max_errors = std::numeric_limits<uint64_t>::max();
  bool reindex = false;
  bool sync = false;
  bool strict_dates = false;  // a date not understood skips the record
  bool dry_run = false;
  bool force = false;              // past the deletion guards
  std::string max_delete = "10%";  // N articles, or P% of the index
  double wait_seconds = 0;         // for the write lock; negative: as long as it takes
  bool quiet = false;
  unsigned threads = 0;  // 0: one per core (for --reindex)
  uint32_t shards = 0;   // 0: as the index is (a new one is unsharded)
  // Compaction after an update run (byline/auto_compact.h).
  std::string auto_compact = "on";  // on|off
  double auto_compact_threshold = kDefaultAutoCompactThreshold;
  uint64_t auto_compact_min_writes = kDefaultAutoCompactMinWrites;
  double auto_compact_max_size = kDefaultAutoCompactMaxSizeRatio;

  // A site's files: their URLs (byline/site_files.h) and which a walk reads.
  std::string base_url;
  std::string url_template;          // empty: the index's, or the default
  std::vector<std::string> include;  // globs a walk's files must match
  std::vector<std::string> exclude;  // globs of a walk's paths left out
};

// What the flags mean, checked and converted.
struct Plan {
  DeleteLimit max_delete;
  IndexOptions index_options;
  ReadOptions read_options;               // field map and format; callbacks set by the run
  std::optional<SynonymGroups> synonyms;  // --synonyms, read and checked
  std::optional<std::vector<std::string>> stopwords;  // --stopwords, read and checked
  AutoCompactPolicy auto_compact;
};

// Registers the indexing flags on `app` (the top-level command).
void AddIndexFlags(CLI::App* app, Flags* flags);

// argv with a bare --wait spelt out as --wait=-1 (as long as it takes) unless
// a number of seconds follows it, so `--wait in.jsonl` waits and reads
// in.jsonl instead of failing to read "in.jsonl" as seconds.
std::vector<std::string> WithBareWaitSpeltOut(int argc, char** argv);

// The flags that make no sense with the `stats` or `compact` subcommand
// (inputs, deletions, ...): InvalidArgument naming the first one given.
Status CheckSubcommandFlags(const Flags& flags, const std::string& subcommand);

// Checks combinations and converts; InvalidArgument names the flag at fault.
// A failure is a usage error: nothing was read or written.
Result<Plan> MakePlan(const Flags& flags);

// Why --sync refuses `input`, a feed: it would delete the archive.
std::string SyncWithAFeed(const std::string& input);

// Reads and checks the --synonyms and --stopwords files into `plan`, before
// the index is touched, so a bad one changes nothing. A failure (FILE:LINE:
// reason, or a file that cannot be read) is fatal, not a usage error.
Status ReadWordLists(const Flags& flags, Plan* plan);

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_FLAGS_H_
