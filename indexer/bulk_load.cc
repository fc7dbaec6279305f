#include "bulk_load.h"

#include <string>
#include <utility>

#include "byline/bulk_load.h"
#include "byline/index_layout.h"
#include "byline/sharded_writer.h"
#include "index_command.h"
#include "input_run.h"

namespace byline::indexer {

bool BulkLoadFits(const Flags& flags) {
  return !flags.inputs.empty() && !flags.reindex && !flags.dry_run && !flags.sync &&
         flags.delete_ids.empty() && flags.delete_query.empty();
}

bool LoadsInBulk(const Flags& flags) {
  if (!BulkLoadFits(flags)) return false;
  auto loadable = BulkLoad::Loadable(flags.index);
  return loadable.ok() && *loadable;
}

int RunBulkLoad(const Flags& flags, const Plan& plan,
                const std::shared_ptr<const WriteLock>& lock) {
  auto opened = BulkLoad::Open(flags.index, plan.index_options, flags.shards, flags.threads, lock);
  if (!opened.ok()) return Fail(opened.status().message());
  std::unique_ptr<BulkLoad> load = std::move(opened).value();
  InputRun run(flags, plan);
  Counts& counts = run.counts();
  Status read = run.ReadAll([&](Article&& article) -> Status {
    Status s = load->Add(std::move(article));
    if (s.ok()) ++counts.added;
    return s;
  });
  // As an update keeps what it committed before a stop, what was read
  // before one is published.
  std::string stop;
  if (!read.ok()) {
    stop = read.message();
  } else if (run.too_many_errors()) {
    stop = "stopped: more than " + std::to_string(flags.max_errors) +
           " records could not be read (--max-errors)";
  }
  std::string cleanup_error;
  if (counts.added > 0) {
    auto built = load->Finish();
    if (!built.ok()) {
      // A new index is not published (RunIndex then leaves none).
      if (!stop.empty() && built.status().message() != stop) Fail(stop);
      return Fail(built.status().message());
    }
    counts.added = built->added;
    counts.updated = built->replaced;
    cleanup_error = built->cleanup_error;
  }
  load.reset();  // an unused build is abandoned: nothing published
  // The word lists, as a reindex stores them; and an existing index that
  // got no article records its declared fields and file URLs all the same,
  // as an update's writer does.
  if (IndexLayout(flags.index).Exists() && (plan.synonyms || plan.stopwords || counts.added == 0)) {
    auto writer = ShardedWriter::Open(flags.index, plan.index_options, 0, lock);
    if (!writer.ok()) return Fail(writer.status().message());
    if (Status s = StoreWordLists(plan, **writer); !s.ok()) return Fail(s.message());
    if (Status s = (*writer)->Commit(); !s.ok()) return Fail(s.message());
  }
  if (!cleanup_error.empty()) Say(flags, "warning: " + cleanup_error);
  if (!stop.empty()) {
    if (counts.processed() > 0) return Fail(stop + " (" + run.Summary() + " before that, kept)");
    return Fail(stop);
  }
  Say(flags, run.Summary());
  return counts.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace byline::indexer
