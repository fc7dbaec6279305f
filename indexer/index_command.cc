#include "index_command.h"

#include <cstdio>
#include <memory>
#include <string>
#include <unordered_set>

#include "byline/bulk_builder.h"
#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/sharded_writer.h"
#include "progress.h"

namespace byline::indexer {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "byline-indexer: %s\n", message.c_str());
  return kExitFatal;
}

// Stores the --synonyms and --stopwords lists, if given, in the index.
template <typename Writer>
Status StoreWordLists(const Plan& plan, Writer& writer) {
  if (plan.synonyms) {
    if (Status s = writer.SetSynonyms(*plan.synonyms); !s.ok()) return s;
  }
  if (plan.stopwords) {
    if (Status s = writer.SetStopwords(*plan.stopwords); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

int RunIndex(const Flags& flags, const Plan& plan) {
  // A reindex builds the new generation with every core; updates go through
  // the single writer of the live generation.
  std::unique_ptr<BulkBuilder> builder;
  std::unique_ptr<ShardedWriter> writer_ptr;
  if (flags.reindex) {
    auto shards = ShardedWriter::CountShards(flags.index);
    if (!shards.ok()) return Fail(shards.status().message());
    if (*shards > 0) {
      return Fail("--reindex: " + flags.index + " is a sharded index; reindex builds one "
                  "database, so reindex into a new directory (see docs/scaling.md)");
    }
    auto opened = BulkBuilder::Open(flags.index, plan.index_options, flags.threads);
    if (!opened.ok()) return Fail(opened.status().message());
    builder = std::move(opened).value();
  } else {
    if (flags.dry_run && !IndexLayout(flags.index).Exists()) {
      return Fail("--dry-run: no Byline index at " + flags.index);
    }
    // Updates and deletes reach the shard holding each id (one shard when
    // the index is not sharded).
    auto opened = ShardedWriter::Open(flags.index, plan.index_options, flags.shards);
    if (!opened.ok()) return Fail(opened.status().message());
    writer_ptr = std::move(opened).value();
    if (!flags.dry_run) {
      if (Status s = StoreWordLists(plan, *writer_ptr); !s.ok()) return Fail(s.message());
    }
  }

  uint64_t total_bytes = 0;
  for (const auto& input : flags.inputs) total_bytes += InputSize(input);
  Progress progress(stderr, Progress::StyleFor(stderr, flags.quiet), total_bytes);
  Counts counts;
  uint64_t bytes_read = 0;
  Status fatal;
  bool too_many_errors = false;
  std::unordered_set<std::string> seen_ids;  // for --sync

  ReadOptions read_options = plan.read_options;
  read_options.bytes_read = &bytes_read;
  read_options.should_stop = [&] { return !fatal.ok() || too_many_errors; };
  auto on_article = [&](Article&& article) {
    if (!fatal.ok() || too_many_errors) return;
    if (flags.sync) seen_ids.insert(article.id);
    if (builder) {
      if (Status s = builder->Add(std::move(article)); !s.ok()) {
        fatal = s;
        return;
      }
      ++counts.added;  // until Finish() tells added from replaced
    } else if (flags.dry_run) {
      ++counts.unchanged;  // counted as read; the summary says so
    } else {
      auto outcome = writer_ptr->Upsert(article);
      if (!outcome.ok()) {
        fatal = outcome.status();
        return;
      }
      switch (*outcome) {
        case UpsertOutcome::kAdded: ++counts.added; break;
        case UpsertOutcome::kUpdated: ++counts.updated; break;
        case UpsertOutcome::kUnchanged: ++counts.unchanged; break;
      }
    }
    progress.Update(counts.processed(), bytes_read);
  };
  auto on_error = [&](const RecordError& e) {
    progress.Interrupt();
    std::fprintf(stderr, "%s\n", e.ToString().c_str());
    if (++counts.skipped > flags.max_errors) too_many_errors = true;
  };
  for (const auto& input : flags.inputs) {
    if (Status s = ReadInput(input, read_options, on_article, on_error); !s.ok()) fatal = s;
    if (!fatal.ok() || too_many_errors) break;
  }
  progress.Finish();
  if (!fatal.ok()) return Fail(fatal.message());
  if (builder) {
    if (too_many_errors) {
      return Fail("stopped: more than " + std::to_string(flags.max_errors) +
                  " records could not be read (--max-errors); the live index is unchanged");
    }
    if (!flags.quiet) {
      // The merge can take a while on a large archive: say what is happening.
      std::fprintf(stderr, "byline-indexer: %llu articles read; merging %u shards into %s\n",
                   static_cast<unsigned long long>(counts.processed()), builder->threads(),
                   builder->generation().c_str());
    }
    auto built = builder->Finish();
    if (!built.ok()) return Fail(built.status().message() + "; the live index is unchanged");
    counts.added = built->added;
    counts.updated = built->replaced;
    if (plan.synonyms || plan.stopwords) {
      // The new generation came with the old lists; the new ones replace them.
      auto writer = IndexWriter::Open(flags.index, plan.index_options);
      if (!writer.ok()) return Fail(writer.status().message());
      if (Status s = StoreWordLists(plan, **writer); !s.ok()) return Fail(s.message());
      if (Status s = (*writer)->Commit(); !s.ok()) return Fail(s.message());
    }
    if (!flags.quiet) {
      std::fprintf(stderr, "byline-indexer: %s (%u threads), now serving %s\n",
                   progress.Summary(counts, bytes_read).c_str(), builder->threads(),
                   builder->generation().c_str());
    }
    return counts.skipped > 0 ? kExitSkipped : kExitOk;
  }
  ShardedWriter& writer = *writer_ptr;
  if (too_many_errors) {
    // An update keeps what it indexed before stopping.
    if (!flags.dry_run) {
      if (Status s = writer.Commit(); !s.ok()) return Fail(s.message());
    }
    return Fail("stopped: more than " + std::to_string(flags.max_errors) +
                " records could not be read (--max-errors); " +
                std::to_string(counts.processed()) + " articles were indexed");
  }

  std::string notes;
  if (flags.sync) {
    if (counts.skipped > 0) {
      // Their ids are unknown: deleting "what was not seen" would delete them.
      notes += "; --sync skipped because " + std::to_string(counts.skipped) +
               " records could not be read";
    } else {
      auto removed = writer.DeleteAllExcept(seen_ids, flags.dry_run);
      if (!removed.ok()) return Fail(removed.status().message());
      counts.deleted += *removed;
      if (flags.dry_run) notes += "; --sync would delete " + std::to_string(*removed);
    }
  }
  for (const auto& id : flags.delete_ids) {
    auto deleted = writer.Delete(id);
    if (!deleted.ok()) return Fail(deleted.status().message());
    if (*deleted) {
      ++counts.deleted;
    } else {
      std::fprintf(stderr, "byline-indexer: no article with id \"%s\" to delete\n", id.c_str());
    }
  }
  if (!flags.delete_query.empty()) {
    auto matched = writer.DeleteMatching(flags.delete_query, flags.dry_run);
    if (!matched.ok()) return Fail("--delete-query: " + matched.status().message());
    if (flags.dry_run) {
      notes += "; --delete-query would delete " + std::to_string(*matched);
    } else {
      counts.deleted += *matched;
    }
  }
  if (!flags.dry_run) {
    if (Status done = writer.Commit(); !done.ok()) return Fail(done.message());
  }
  if (flags.dry_run && counts.deleted > 0) counts.deleted = 0;  // nothing was deleted
  if (!flags.quiet) {
    std::string summary = progress.Summary(counts, bytes_read);
    if (flags.dry_run) {
      summary = "dry run, nothing changed: " + std::to_string(counts.processed()) +
                " articles read, " + std::to_string(counts.skipped) + " skipped";
    }
    std::fprintf(stderr, "byline-indexer: %s%s\n", summary.c_str(), notes.c_str());
  }
  return counts.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace byline::indexer
