#include "index_command.h"

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bulk_load.h"
#include "byline/auto_compact.h"
#include "byline/bulk_builder.h"
#include "byline/delete_guard.h"
#include "byline/fields.h"
#include "byline/index_changes.h"
#include "byline/index_format.h"
#include "byline/index_layout.h"
#include "byline/index_preview.h"
#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/sharded_writer.h"
#include "byline/site_files.h"
#include "byline/write_lock.h"
#include "input_run.h"

namespace fs = std::filesystem;

namespace byline::indexer {
namespace {

// What this run is doing, as a writer it keeps waiting is told.
std::string ActionOf(const Flags& flags) {
  if (flags.reindex) return "a reindex";
  if (flags.sync) return "an update with --sync";
  if (!flags.inputs.empty()) return "an update";
  if (!flags.delete_ids.empty() || !flags.delete_query.empty()) return "a deletion";
  return "a change of word lists";
}

// What an update run says besides its counts.
struct Changes {
  // Articles in the index before this run: what --max-delete's share is
  // of (not counting the run's own additions, which would raise it).
  uint64_t articles_before = 0;
  std::vector<std::string> notes;    // said after the summary
  std::vector<std::string> deleted;  // ids, for a dry run's report
};

// Deletes `ids` (a dry run only previews it), unless there are more than
// --max-delete of them: then nothing is deleted and the refusal (a dry
// run's too) says what would have gone.
Status DeleteGuarded(const std::string& what, const std::vector<std::string>& ids,
                     const Flags& flags, const Plan& plan, IndexChanges& index, Counts* counts,
                     Changes* changes) {
  return DeleteWithinLimit(
      what, ids, changes->articles_before, plan.max_delete, "--max-delete", flags.force,
      "Run again with --force to delete them, or set --max-delete",
      [&index](const std::string& id) { return index.Delete(id); },
      [&](const std::string& id) {
        ++counts->deleted;
        if (flags.dry_run) changes->deleted.push_back(id);
      });
}

// --sync, --delete and --delete-query, in that order, after the inputs.
Status ApplyDeletions(const Flags& flags, const Plan& plan, const InputRun& run,
                      IndexChanges& index, Counts* counts, Changes* changes) {
  if (flags.sync) {
    if (!run.feed_read().empty()) {
      // Known only once read (a feed on stdin, sniffed): the articles read
      // are kept, nothing is deleted.
      return Status::InvalidArgument(SyncWithAFeed(run.feed_read()) + "; nothing was deleted");
    }
    if (run.errors().read_errors() > 0) {
      // Their ids are unknown: deleting "what was not seen" could delete them.
      changes->notes.push_back("--sync deleted nothing, because " +
                               std::to_string(run.errors().read_errors()) +
                               " records could not be read");
    } else if (run.seen().size() == 0) {
      return Status::InvalidArgument(
          "--sync read no article from its inputs; refusing to delete all " +
          std::to_string(index.article_count()) + " articles of " + flags.index +
          " (to empty an index, remove its directory)");
    } else {
      auto ids = index.IdsNotIn([&](const std::string& id) { return run.seen().Contains(id); });
      if (!ids.ok()) return ids.status();
      if (Status s = DeleteGuarded("--sync", *ids, flags, plan, index, counts, changes); !s.ok()) {
        return s;
      }
    }
  }
  for (const auto& id : flags.delete_ids) {
    auto deleted = index.Delete(id);
    if (!deleted.ok()) return deleted.status();
    if (*deleted) {
      ++counts->deleted;
      if (flags.dry_run) changes->deleted.push_back(id);
    } else {
      changes->notes.push_back("no article with id \"" + id + "\" to delete");
    }
  }
  if (!flags.delete_query.empty()) {
    auto ids = index.IdsMatching(flags.delete_query);
    if (!ids.ok()) return Status(ids.status().code(), "--delete-query: " + ids.status().message());
    const std::string what = "--delete-query \"" + flags.delete_query + "\"";
    if (Status s = DeleteGuarded(what, *ids, flags, plan, index, counts, changes); !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

// Updates in place (or, with --dry-run, previews): the inputs, then the
// deletions. `index` is the writer, or with --dry-run the preview.
int RunUpdate(const Flags& flags, const Plan& plan, IndexChanges& index) {
  Changes changes;
  changes.articles_before = index.article_count();
  if (Status s = StoreWordLists(plan, index); !s.ok()) return Fail(s.message());
  InputRun run(flags, plan);
  Counts& counts = run.counts();
  Status read = run.UpsertAll(index);
  // What was indexed before a failure is kept (and said).
  auto fail_after_commit = [&](const std::string& message) {
    if (flags.dry_run) return Fail("dry run, nothing changed; the real run would stop: " + message);
    if (Status s = index.Commit(); !s.ok()) return Fail(s.message());
    if (counts.processed() > 0) {
      return Fail(message + " (" + run.Summary() + " before that, kept)");
    }
    return Fail(message);
  };
  if (!read.ok()) return fail_after_commit(read.message());
  if (run.too_many_errors()) {
    return fail_after_commit("stopped: more than " + std::to_string(flags.max_errors) +
                             " records could not be read (--max-errors)");
  }
  if (Status s = ApplyDeletions(flags, plan, run, index, &counts, &changes); !s.ok()) {
    return fail_after_commit(s.message());
  }
  if (Status s = index.Commit(); !s.ok()) return Fail(s.message());
  if (!flags.quiet) {
    if (flags.dry_run) {
      std::string line = "dry run, nothing changed: would add " + std::to_string(counts.added) +
                         ", update " + std::to_string(counts.updated) + ", leave " +
                         std::to_string(counts.unchanged) + " unchanged, delete " +
                         std::to_string(counts.deleted) + "; " + std::to_string(counts.skipped) +
                         " skipped" + run.FilesSummary();
      if (plan.synonyms)
        line += "; would store " + std::to_string(plan.synonyms->size()) + " synonym groups";
      if (plan.stopwords)
        line += "; would store " + std::to_string(plan.stopwords->size()) + " stopwords";
      Say(flags, line);
      if (!changes.deleted.empty()) Say(flags, "would delete: " + IdList(changes.deleted));
    } else {
      Say(flags, run.Summary());
    }
    for (const auto& note : changes.notes) Say(flags, note);
  }
  return counts.skipped > 0 ? kExitSkipped : kExitOk;
}

// A reindex builds one database: refused on a sharded index (dry or not).
Status CheckReindexable(const std::string& index) {
  auto shards = ShardedWriter::CountShards(index);
  if (!shards.ok()) return shards.status();
  if (*shards > 0) {
    return Status::InvalidArgument("--reindex: " + index +
                                   " is a sharded index; reindex builds one database, so "
                                   "reindex into a new directory (see docs/scaling.md)");
  }
  return Status::Ok();
}

// Ids of the live generation's articles that `run` did not read.
Result<std::vector<std::string>> LiveIdsNotIn(const std::string& index, const InputRun& run) {
  auto live = IndexPreview::Open(index);
  if (!live.ok()) return live.status();
  return (*live)->IdsNotIn([&](const std::string& id) { return run.seen().Contains(id); });
}

// --reindex --dry-run: what the new generation would hold against the live one.
int RunReindexPreview(const Flags& flags, const Plan& plan) {
  if (Status s = CheckReindexable(flags.index); !s.ok()) return Fail(s.message());
  auto preview = IndexPreview::Open(flags.index, plan.index_options);
  if (!preview.ok()) {
    // A reindex is how a damaged index is mended: preview it as a new one.
    Say(flags, "the live index cannot be read (" + preview.status().message() +
                   "); the new generation would replace it");
    preview = IndexPreview::Empty(plan.index_options);
  }
  InputRun run(flags, plan);
  Counts& counts = run.counts();
  Status read = run.UpsertAll(**preview);
  if (!read.ok()) return Fail(read.message());
  if (run.too_many_errors()) {
    return Fail("stopped: more than " + std::to_string(flags.max_errors) +
                " records could not be read (--max-errors)");
  }
  // The new generation holds what was read; the rest of the live one goes.
  auto gone = (*preview)->IdsNotIn([&](const std::string& id) { return run.seen().Contains(id); });
  if (!gone.ok()) return Fail(gone.status().message());
  if (!flags.quiet) {
    Say(flags, "dry run of --reindex, nothing changed: the new generation would hold " +
                   std::to_string(run.seen().size()) + " articles (" +
                   std::to_string(counts.added) + " new, " + std::to_string(counts.updated) +
                   " updated, " + std::to_string(counts.unchanged) + " unchanged); " +
                   std::to_string(gone->size()) +
                   " live articles are not in the inputs and "
                   "would be gone; " +
                   std::to_string(counts.skipped) + " skipped" + run.FilesSummary());
    if (!gone->empty()) Say(flags, "would be gone: " + IdList(*gone));
  }
  if (run.seen().size() == 0) {
    return Fail(
        "dry run, nothing changed; the real run would refuse: --reindex read no article "
        "from its inputs");
  }
  return counts.skipped > 0 ? kExitSkipped : kExitOk;
}

// --reindex: a whole new generation from the inputs, switched in at the end,
// holding the write lock from start to switch.
int RunReindex(const Flags& flags, const Plan& plan, const std::shared_ptr<const WriteLock>& lock) {
  if (Status s = CheckReindexable(flags.index); !s.ok()) return Fail(s.message());
  auto opened = BulkBuilder::Open(flags.index, plan.index_options, flags.threads, lock);
  if (!opened.ok()) return Fail(opened.status().message());
  std::unique_ptr<BulkBuilder> builder = std::move(opened).value();
  InputRun run(flags, plan);
  Status read = run.ReadAll([&](Article&& article) -> Status {
    Status s = builder->Add(std::move(article));
    if (s.ok()) ++run.counts().added;
    return s;
  });
  const std::string unchanged = "; the live index is unchanged";
  if (!read.ok()) return Fail(read.message() + unchanged);
  if (run.too_many_errors()) {
    return Fail("stopped: more than " + std::to_string(flags.max_errors) +
                " records could not be read (--max-errors)" + unchanged);
  }
  // How many live articles the new generation leaves out; unknown when the
  // live generation cannot be read (a reindex is how a broken one is mended).
  auto gone = LiveIdsNotIn(flags.index, run);
  if (run.seen().size() == 0) {
    return Fail("--reindex read no article from its inputs; refusing to replace " + flags.index +
                " with an empty index" + unchanged);
  }
  Say(flags, std::to_string(run.seen().size()) + " articles read; merging " +
                 std::to_string(builder->threads()) + " shards into " + builder->generation());
  auto built = builder->Finish();
  if (!built.ok()) return Fail(built.status().message() + unchanged);
  if (plan.synonyms || plan.stopwords) {
    // The new generation came with the old lists; the new ones replace them.
    auto writer = ShardedWriter::Open(flags.index, plan.index_options, 0, lock);
    if (!writer.ok()) return Fail(writer.status().message());
    if (Status s = StoreWordLists(plan, **writer); !s.ok()) return Fail(s.message());
    if (Status s = (*writer)->Commit(); !s.ok()) return Fail(s.message());
  }
  if (!built->cleanup_error.empty()) Say(flags, "warning: " + built->cleanup_error);
  Counts& counts = run.counts();
  counts.added = built->added;
  counts.updated = built->replaced;
  counts.deleted = gone.ok() ? gone->size() : 0;
  Say(flags, run.progress().Summary(counts, run.bytes_read()) + " (" +
                 std::to_string(builder->threads()) + " threads), now serving " +
                 builder->generation() + run.FilesSummary());
  if (!gone.ok()) {
    Say(flags,
        "the replaced generation could not be read, so how many of its articles are "
        "gone is not known: " +
            gone.status().message());
  }
  return counts.skipped > 0 ? kExitSkipped : kExitOk;
}

// An update keeps the index's own place for word positions: a --positions
// asking for the other one is said to do nothing here, not ignored unsaid.
void WarnIfPositionsIgnored(const Flags& flags) {
  if (flags.positions.empty()) return;
  std::string held;
  try {
    const Xapian::Database db(flags.index);
    if (db.get_doccount() == 0) return;  // a first load honours it
    held = db.get_metadata(schema::kPositionsMetadataKey);
  } catch (const Xapian::Error&) {
    return;  // no index to compare with: the writer says what is wrong
  }
  if (held.empty()) held = "table";  // written before format 4
  if (held == flags.positions) return;
  Say(flags, "warning: --positions " + flags.positions +
                 " applies to a new index or a --reindex; this update keeps " + flags.index +
                 "'s positions in " +
                 (held == "stream" ? "streams (a compact index)" : "Xapian's position table") +
                 " (rebuild with --reindex --positions " + flags.positions + " to change it)");
}

// After a run that was to create the index at `flags.index` and read no
// article: takes away what it made, so a path that held no index still
// holds none ("only loading articles creates an index"). REQUIRES: the
// writer is closed; `lock` is held, and released here.
void RemoveIfEmpty(const Flags& flags, bool dir_existed, std::shared_ptr<const WriteLock> lock) {
  IndexLayout layout(flags.index);
  try {
    if (layout.Exists() && Xapian::Database(flags.index).get_doccount() > 0) return;
  } catch (const Xapian::Error&) {
    return;  // not ours to judge: leave it
  }
  std::error_code ec;
  fs::remove(layout.StubPath(), ec);
  for (const auto& entry : fs::directory_iterator(flags.index, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gen-", 0) == 0 || name.rfind("shard-", 0) == 0) fs::remove_all(entry, ec);
  }
  // Unlinked while still held: a writer waiting on it then locks a new file
  // (WriteLock::Acquire checks), so two can never hold the path at once.
  fs::remove(layout.LockPath(), ec);
  lock.reset();
  if (!dir_existed) fs::remove(flags.index, ec);  // only if empty
  Say(flags, "no article was read, so no index was made at " + flags.index);
}

// Says what declaring each new field means for the articles already stored.
void ReportNewFields(const Flags& flags, const FieldDeclarations& declared) {
  // A sharded index cannot be reindexed in place (CheckReindexable).
  auto shards = ShardedWriter::CountShards(flags.index);
  const std::string reindex =
      shards.ok() && *shards > 0
          ? ""
          : " or run byline-indexer --index " + flags.index + " --reindex with all your inputs";
  for (const auto& added : declared.added) {
    const std::string what = "field \"" + added.spec.name + "\" (" +
                             FieldTypeName(added.spec.type) + ")" +
                             (flags.dry_run ? " would be declared" : " declared");
    if (flags.reindex) {
      Say(flags, what + "; the new generation indexes every article by it");
    } else if (added.stored_articles == 0) {
      Say(flags, what + "; no stored article carries it, so no --reindex is needed");
    } else {
      const std::string n = std::to_string(added.stored_articles);
      const bool one = added.stored_articles == 1;
      Say(flags, what + "; " + n +
                     (one ? " article already stored carries it and is not "
                          : " articles already stored carry it and are not ") +
                     (added.spec.type == FieldType::kText ? "searchable" : "filterable") +
                     " by it until indexed again: give their inputs again (an unchanged "
                     "article is then written again)" +
                     reindex);
    }
  }
}

// Compacts what the update run drifted past the policy (byline/auto_compact.h),
// saying so per index or shard.
Status AutoCompactAfterUpdate(const Flags& flags, const AutoCompactPolicy& policy,
                              const std::shared_ptr<const WriteLock>& lock) {
  auto made = AutoCompact(flags.index, policy, lock);
  if (!made.ok()) return made.status();
  for (const AutoCompaction& c : *made) {
    char line[512];
    std::snprintf(line, sizeof line, "auto-compacted %s: %s: %.1f MB -> %.1f MB, now serving %s",
                  c.part.c_str(), CompactionReason(c.drift, policy).c_str(),
                  static_cast<double>(c.bytes_before) / (1024.0 * 1024.0),
                  static_cast<double>(c.after.size_bytes) / (1024.0 * 1024.0),
                  c.after.generation.c_str());
    Say(flags, line);
  }
  return Status::Ok();
}

}  // namespace

int Fail(const std::string& message) {
  std::fprintf(stderr, "byline-indexer: %s\n", message.c_str());
  return kExitFatal;
}

void Say(const Flags& flags, const std::string& message) {
  if (!flags.quiet) std::fprintf(stderr, "byline-indexer: %s\n", message.c_str());
}

Status StoreWordLists(const Plan& plan, IndexChanges& index) {
  if (plan.synonyms) {
    if (Status s = index.SetSynonyms(*plan.synonyms); !s.ok()) return s;
  }
  if (plan.stopwords) return index.SetStopwords(*plan.stopwords);
  return Status::Ok();
}

Result<std::shared_ptr<const WriteLock>> TakeWriteLock(const Flags& flags,
                                                       const std::string& action) {
  return WriteLock::Acquire(
      flags.index, {"byline-indexer", action}, flags.wait_seconds, [&](const LockHolder& holder) {
        Say(flags, "waiting for " + holder.Describe() + " to finish with " + flags.index);
      });
}

int RunIndex(const Flags& flags, const Plan& plan) {
  IndexLayout layout(flags.index);
  const bool loads = !flags.inputs.empty();
  // Only loading articles makes an index; anything else on a wrong path
  // says so instead of leaving an empty index behind.
  if (!loads && !layout.Exists()) return Fail("no Byline index at " + flags.index);
  IndexOptions options = plan.index_options;
  options.create_if_missing = loads;
  Plan effective = plan;
  effective.index_options = options;
  // The fields the index will declare: records are checked against them as
  // they are read, and declaring one says whether stored articles need a
  // --reindex to be indexed by it. Planned here to refuse a bad declaration
  // before anything; a real run plans again under the write lock.
  auto plan_fields = [&](bool count_stored) {
    auto planned = PlanFieldDeclarations(flags.index, options.fields, flags.reindex,
                                         options.max_fields, count_stored && !flags.quiet);
    if (planned.ok()) effective.read_options.fields = planned->fields;
    return planned;
  };
  auto field_error = [&](const Status& s) {
    return Fail(s.code() == StatusCode::kInvalidArgument ? "--field: " + s.message() : s.message());
  };
  // First of all, the index's format: a newer Byline's index is refused as
  // such (not as settings that cannot be read); one too old to read only
  // by a --reindex, which is how it is upgraded.
  if (Status s = CheckLiveIndexFormat(flags.index, /*rebuilding=*/flags.reindex); !s.ok()) {
    return Fail(s.message());
  }
  auto declared = plan_fields(/*count_stored=*/flags.dry_run);
  if (!declared.ok()) return field_error(declared.status());
  // The URLs a site's files get: the index's, or those given when it has
  // none (recorded by the writer); different ones only with --reindex.
  bool urls_new = false;  // recorded by this run
  auto plan_urls = [&]() -> Status {
    auto stored = ReadLiveFileUrls(flags.index);
    if (!stored.ok()) return stored.status();
    auto urls = ChooseFileUrls(*stored, flags.base_url, flags.url_template, flags.reindex);
    if (!urls.ok()) {
      auto shards = ShardedWriter::CountShards(flags.index);
      if (!stored->empty() && shards.ok() && *shards > 0) {
        return Status(urls.status().code(),
                      urls.status().message() +
                          " (a sharded index is reindexed into a new directory, see "
                          "docs/scaling.md)");
      }
      return urls.status();
    }
    effective.read_options.file_urls = *urls;
    options.file_urls = effective.index_options.file_urls = urls->Encode();
    urls_new = *urls != *stored;
    return Status::Ok();
  };
  auto report_urls = [&] {
    if (!urls_new) return;
    const FileUrls& urls = effective.read_options.file_urls;
    Say(flags, "files get URLs from " + urls.base() + " as " + urls.url_template() +
                   (flags.dry_run ? ", which would be recorded in the index"
                                  : ", recorded in the index for later runs"));
  };
  if (Status s = plan_urls(); !s.ok()) return Fail(s.message());
  // What the writers would refuse, refused before anything (a dry run too).
  if (!layout.Exists()) {
    if (Status s = layout.CheckNewIndexDir(); !s.ok()) return Fail(s.message());
  }
  if (!flags.reindex) {
    if (Status s = ShardedWriter::CheckShardCount(flags.index, flags.shards); !s.ok()) {
      return Fail(s.message());
    }
  }

  if (flags.dry_run) {
    ReportNewFields(flags, *declared);
    report_urls();
    // Read-only, no lock, nothing created.
    if (flags.reindex) return RunReindexPreview(flags, effective);
    // A --delete-query after inputs must see them as the real run would.
    const bool query_after_inputs = loads && !flags.delete_query.empty();
    auto preview = IndexPreview::Open(flags.index, options, query_after_inputs);
    if (!preview.ok()) return Fail(preview.status().message());
    if (!(*preview)->exists()) {
      Say(flags, "no index at " + flags.index + " yet: it would be created");
    }
    return RunUpdate(flags, effective, **preview);
  }

  const bool index_existed = layout.Exists();
  const bool dir_existed = fs::exists(flags.index);
  // The lock lives in the index directory, so a new one is made first.
  if (Status s = layout.PrepareForWriter(loads); !s.ok()) return Fail(s.message());
  auto lock = TakeWriteLock(flags, ActionOf(flags));
  if (!lock.ok()) return Fail(lock.status().message());
  // Under the lock the index's fields cannot change: another indexer may
  // have declared one while this one waited (--wait), and records are
  // checked against them all.
  declared = plan_fields(/*count_stored=*/true);
  if (!declared.ok()) return field_error(declared.status());
  if (Status s = plan_urls(); !s.ok()) return Fail(s.message());
  int code = kExitOk;
  if (flags.reindex) {
    code = RunReindex(flags, effective, *lock);
  } else if (LoadsInBulk(flags)) {
    // A first load: built the way --reindex builds (bulk_load.h).
    code = RunBulkLoad(flags, effective, *lock);
  } else {
    WarnIfPositionsIgnored(flags);
    // Updates and deletes reach the shard holding each id (one shard when
    // the index is not sharded).
    auto writer = ShardedWriter::Open(flags.index, options, flags.shards, *lock);
    if (!writer.ok()) return Fail(writer.status().message());
    code = RunUpdate(flags, effective, **writer);
    // Closing the writer commits what is left; what it wrote counts
    // towards the drift the policy looks at, still under the lock.
    writer->reset();
    if (code != kExitFatal) {
      if (Status s = AutoCompactAfterUpdate(flags, effective.auto_compact, *lock); !s.ok()) {
        return Fail(s.message() + " (the update itself is committed)");
      }
    }
  }
  // Said once the declarations are written: a run that stopped before its
  // commit, or made no index after all, declared nothing.
  const bool declared_now = code != kExitFatal;
  if (!index_existed) RemoveIfEmpty(flags, dir_existed, std::move(lock).value());
  if (declared_now && layout.Exists()) {
    ReportNewFields(flags, *declared);
    report_urls();
  }
  return code;
}

}  // namespace byline::indexer
