#include "byline/bulk_builder.h"

#include <xapian.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "compaction_record.h"
#include "data_dictionary.h"
#include "document_builder.h"
#include "index_format.h"
#include "index_metadata.h"
#include "index_settings.h"
#include "stored_article.h"
#include "word_table.h"
#include "xapian_status.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

constexpr size_t kBatchSize = 256;       // articles handed over at once
constexpr size_t kMaxQueuedBatches = 4;  // per worker; bounds memory
// The data dictionary is trained on the first articles: this many, or this
// much title and body text once there are at least kDictionaryMinSample of
// them (zstd's trainer needs several), or at most kDictionaryMaxSampleBytes
// held (articles of up to 64 MB each), whichever comes first. On the 22k
// corpus 300 articles saved 91-100% of what 1,000 save.
constexpr size_t kDictionarySampleArticles = 1000;
constexpr size_t kDictionarySampleBytes = size_t{4} << 20;
constexpr size_t kDictionaryMinSample = 16;
constexpr size_t kDictionaryMaxSampleBytes = size_t{64} << 20;
// Each shard flushes after this many documents. Xapian's default is 10,000;
// with mimalloc, 1,000 measured fastest (Xapian's buffer of changes is a
// std::map per term: the smaller, the cheaper each posting), with the lowest
// peak RSS. Below 500, writing the blocks of each flush costs more than that
// saves (bench/RESULTS.md, "Indexing").
constexpr uint64_t kShardFlushEvery = 1000;
// Spelling data is counted in memory (WordTable) and written once all
// shards are done: each shard's thread writes a share of the words (split by
// hash, counts summed over every shard) to a database of its own, so each
// word is written once, not once per flush or per shard (glass
// zlib-compresses every tag it writes, with a 64 KB table reset each time),
// and the compactor merges the shares. Past this many distinct
// words a shard writes what it has counted to its own spelling database and
// starts afresh, which bounds its memory on archives of any size.
constexpr size_t kMaxCountedWords = 400000;

std::string ShardPath(const IndexLayout& layout, const std::string& generation, unsigned i) {
  return layout.GenerationPath(generation) + ".shard-" + std::to_string(i);
}

std::string SpellingPath(const IndexLayout& layout, const std::string& generation, unsigned i) {
  return ShardPath(layout, generation, i) + "-spelling";
}

// Where the shards are merged, renamed to the generation's own name only
// once complete and synced: a build killed before its switch never leaves
// a generation holding articles without a stub pointing at it (which a new
// index's first load would then take for an index that lost its stub).
std::string MergedName(const std::string& generation) { return generation + ".shard-merged"; }

// One worker: a queue of article batches in, a shard database out.
struct Shard {
  Shard(const std::string& language, Xapian::WritableDatabase database,
        Xapian::WritableDatabase spelling_database)
      : analyzer(language, kNewIndexStemming),
        db(std::move(database)),
        spelling_db(std::move(spelling_database)),
        builder(analyzer, &words) {
    // Streams go with stems only (UsesPositionStreams); a new index has them.
    builder.SetPositionStreams(kNewIndexStemming == Stemming::kAllZ);
  }

  Analyzer analyzer;
  Xapian::WritableDatabase db;
  Xapian::WritableDatabase spelling_db;  // this shard's share, and any spills
  WordTable words;                       // before builder, which stems and counts through it
  DocumentBuilder builder;
  BulkCounts counts;
  uint64_t unflushed = 0;

  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<Article>> queue;  // guarded by mu
  bool closing = false;                    // guarded by mu
  Status error;                            // guarded by mu
  std::thread thread;

  void Run() {
    for (;;) {
      std::vector<Article> batch;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return !queue.empty() || closing; });
        if (queue.empty()) break;
        batch = std::move(queue.front());
        queue.pop_front();
      }
      cv.notify_all();  // room for the producer
      Status s = Write(batch);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        error = s;
        queue.clear();
        closing = true;
        break;
      }
    }
    Status s = Commit();
    std::lock_guard<std::mutex> lock(mu);
    if (error.ok()) error = s;
    cv.notify_all();
  }

  Status Write(const std::vector<Article>& batch) {
    try {
      for (const Article& article : batch) {
        Xapian::Document doc = builder.Build(article);
        std::string id_term = schema::IdTerm(article.id);
        // The shard's own index says whether the id came before (its
        // pending changes included): a set of every id grew the peak RSS
        // with the archive.
        if (!db.term_exists(id_term)) {
          db.add_document(doc);
          ++counts.added;
        } else {
          db.replace_document(id_term, doc);  // the last copy wins
          ++counts.replaced;
        }
        if (++unflushed == kShardFlushEvery) {
          db.commit();  // DB_NO_SYNC: a flush, not an fsync
          unflushed = 0;
        }
        if (words.distinct_words() >= kMaxCountedWords) {
          words.WriteSpelling(&spelling_db);
          spelling_db.commit();
        }
      }
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "building a shard of the new generation");
    }
  }

  // The documents only: the spelling data waits for every shard's counts.
  Status Commit() {
    try {
      db.commit();
      db.close();
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "committing a shard of the new generation");
    }
  }

  // Producer side: waits for room, then queues. False if the worker failed.
  bool Push(std::vector<Article>&& batch) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return queue.size() < kMaxQueuedBatches || closing; });
    if (closing) return false;
    queue.push_back(std::move(batch));
    cv.notify_all();
    return true;
  }

  // Tells the worker to finish its queue, commit and stop.
  void RequestClose() {
    {
      std::lock_guard<std::mutex> lock(mu);
      closing = true;
    }
    cv.notify_all();
  }

  void Join() {
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

struct BulkBuilder::Impl {
  std::shared_ptr<const WriteLock> write_lock;  // first: released after everything else
  IndexLayout layout{""};
  IndexOptions options;
  std::string generation;
  std::vector<std::unique_ptr<Shard>> shards;
  unsigned threads = 0;
  uint32_t min_spelling_count = kMinBulkSpellingCount;
  std::vector<std::vector<Article>> pending;  // per shard, not yet queued
  bool finished = false;
  FieldSchema fields;  // the live generation's declarations and options.fields
  // The first articles, held until the data dictionary is made from them
  // (src/data_dictionary.h); then every article is stored with it.
  std::string positions;  // "stream" or "table" (IndexOptions::positions)
  std::vector<Article> sample;
  size_t sample_bytes = 0;
  bool dictionary_made = false;
  std::string dictionary;

  // Queues `article` for its shard's worker.
  Status Route(Article article) {
    size_t i = std::hash<std::string>{}(article.id) % shards.size();
    auto& batch = pending[i];
    batch.push_back(std::move(article));
    if (batch.size() >= kBatchSize) {
      if (!shards[i]->Push(std::move(batch))) return FirstError();
      batch = {};
      batch.reserve(kBatchSize);
    }
    return Status::Ok();
  }

  // Makes the dictionary from the sample, gives it to every worker, then
  // queues the sample (in its order: the last copy of an id still wins).
  Status MakeDictionary() {
    std::vector<std::string> stored;
    stored.reserve(sample.size());
    for (const Article& a : sample) stored.push_back(EncodeStoredArticle(a));
    dictionary = BuildDataDictionary({stored.begin(), stored.end()});
    for (auto& shard : shards) shard->builder.SetDataDictionary(dictionary);
    dictionary_made = true;
    std::vector<Article> held = std::move(sample);
    sample.clear();
    for (Article& a : held) {
      if (Status s = Route(std::move(a)); !s.ok()) return s;
    }
    return Status::Ok();
  }

  // All workers are told first, so they commit at the same time: joining
  // one before telling the next left the others idle while it committed.
  void StopWorkers() {
    for (auto& shard : shards) shard->RequestClose();
    for (auto& shard : shards) shard->Join();
  }

  void RemoveShards() {
    std::error_code ec;
    for (unsigned i = 0; i < threads; ++i) {
      fs::remove_all(ShardPath(layout, generation, i), ec);
      fs::remove_all(SpellingPath(layout, generation, i), ec);
    }
    fs::remove_all(layout.GenerationPath(MergedName(generation)), ec);
  }

  // Each shard's thread writes its share of every shard's counted words to
  // its spelling database (see WordTable::WriteSpellingShare).
  // REQUIRES: the workers have stopped.
  Status WriteSpelling() {
    std::vector<const WordTable*> tables;
    for (auto& shard : shards) tables.push_back(&shard->words);
    std::vector<Status> results(shards.size());
    auto write_share = [&](size_t i) {
      try {
        WordTable::WriteSpellingShare(tables, i, shards.size(), min_spelling_count,
                                      &shards[i]->spelling_db);
        shards[i]->spelling_db.commit();
        shards[i]->spelling_db.close();
      } catch (const Xapian::Error& e) {
        results[i] = StatusFromXapian(e, "writing the spelling data of the new generation");
      }
    };
    std::vector<std::thread> writers;
    for (size_t i = 1; i < shards.size(); ++i) writers.emplace_back(write_share, i);
    write_share(0);
    for (auto& writer : writers) writer.join();
    for (const Status& s : results) {
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  Status FirstError() {
    for (auto& shard : shards) {
      std::lock_guard<std::mutex> lock(shard->mu);
      if (!shard->error.ok()) return shard->error;
    }
    return Status::Ok();
  }
};

BulkBuilder::BulkBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BulkBuilder::~BulkBuilder() {
  if (!impl_ || impl_->finished) return;
  // Abandoned: nothing is published; the reserved generation goes too,
  // unless a switch that reported a failure (its directory sync, say) had
  // already put it in the stub: then it is the live index.
  impl_->StopWorkers();
  impl_->shards.clear();
  impl_->RemoveShards();
  auto live = impl_->layout.CurrentGeneration();
  if (live.ok() && *live == impl_->generation) return;
  std::error_code ec;
  fs::remove_all(impl_->layout.GenerationPath(impl_->generation), ec);
}

Result<std::unique_ptr<BulkBuilder>> BulkBuilder::Open(const std::string& dir,
                                                       const IndexOptions& options,
                                                       unsigned threads,
                                                       std::shared_ptr<const WriteLock> lock) {
  if (Status s = options.Validate(); !s.ok()) return s;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  auto impl = std::make_unique<Impl>();
  impl->layout = IndexLayout(dir);
  impl->options = options;
  impl->threads = threads;
  if (Status s = impl->layout.PrepareForWriter(options.create_if_missing); !s.ok()) return s;
  std::error_code ec;
  auto held = LockFor(dir, std::move(lock), "reindex");
  if (!held.ok()) return held.status();
  impl->write_lock = std::move(held).value();
  // The live generation's settings are kept: not from a newer Byline's index.
  if (Status s = CheckLiveIndexFormat(dir, /*rebuilding=*/true); !s.ok()) return s;
  // Under the lock, anything newer than the live generation was left by a
  // killed writer: cleared, so generation numbers only move forward.
  if (Status s = impl->layout.RemoveLeftovers(); !s.ok()) return s;
  auto next = impl->layout.NextGeneration();
  if (!next.ok()) return next.status();
  impl->generation = *next;
  if (!fs::create_directory(impl->layout.GenerationPath(impl->generation), ec)) {
    return Status::IOError("cannot create " + impl->layout.GenerationPath(impl->generation) +
                           (ec ? ": " + ec.message() : ": it exists"));
  }
  const std::string language = LanguageForNewGeneration(dir, options.language);
  // The new generation keeps the fields the index declared (as it keeps its
  // word lists), with those declared now added or retyped.
  auto live_fields = ReadLiveFieldSchema(dir);
  if (!live_fields.ok()) return live_fields.status();
  auto fields =
      MergeFieldSchemas(*live_fields, options.fields, /*rebuild=*/true, options.max_fields);
  if (!fields.ok()) return fields.status();
  impl->fields = std::move(fields).value();
  // Where positions go: as asked; else, for a new index, kNewIndexPositions;
  // else as the live generation keeps them, the table when it says nothing
  // (older than format 4) or cannot be read (a damaged index being mended
  // keeps the kind it most likely had).
  impl->positions = options.positions;
  if (impl->positions.empty()) {
    impl->positions = impl->layout.Exists() ? "table" : kNewIndexPositions;
    if (auto live = impl->layout.CurrentGeneration(); live.ok()) {
      try {
        const Xapian::Database db(impl->layout.GenerationPath(*live));
        if (db.get_metadata(schema::kPositionsMetadataKey) == "stream") impl->positions = "stream";
      } catch (const Xapian::Error&) {
        // Unreadable: the table, as above.
      }
    }
  }
  try {
    for (unsigned i = 0; i < threads; ++i) {
      // No fsync while building: one sync of the merged result before the switch.
      Xapian::WritableDatabase db(ShardPath(impl->layout, impl->generation, i),
                                  Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
      if (i == 0) {
        db.set_metadata(schema::kLanguageMetadataKey, language);
        db.set_metadata(schema::kStemmingMetadataKey, StemmingName(kNewIndexStemming));
      }
      Xapian::WritableDatabase spelling(SpellingPath(impl->layout, impl->generation, i),
                                        Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
      impl->shards.push_back(std::make_unique<Shard>(language, std::move(db), std::move(spelling)));
      impl->shards.back()->builder.SetFields(impl->fields);
      impl->shards.back()->builder.SetPositionStreams(impl->positions == "stream");
    }
  } catch (const Xapian::Error& e) {
    impl->shards.clear();
    impl->RemoveShards();
    fs::remove_all(impl->layout.GenerationPath(impl->generation), ec);
    return StatusFromXapian(e, "creating the shards of a new generation in " + dir);
  }
  for (auto& shard : impl->shards) {
    Shard* s = shard.get();
    s->thread = std::thread([s] { s->Run(); });
  }
  impl->pending.resize(threads);
  // Only a compact index (positions in streams) stores its articles
  // compressed with a dictionary: it is 7% of the compact index's size, but
  // 4% of one with the position table, where it cost 10% of the build's
  // time (glass deflates each stored article again, and compressed data
  // takes zlib longer than text).
  impl->dictionary_made = impl->positions != "stream";
  return std::unique_ptr<BulkBuilder>(new BulkBuilder(std::move(impl)));
}

Status BulkBuilder::Add(Article article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  if (Status s = CheckFieldValues(article, impl_->fields); !s.ok()) return s;
  if (impl_->dictionary_made) return impl_->Route(std::move(article));
  impl_->sample_bytes += article.title.size() + article.body.size();
  impl_->sample.push_back(std::move(article));
  const size_t held = impl_->sample.size();
  const bool enough =
      held >= kDictionarySampleArticles ||
      (held >= kDictionaryMinSample && impl_->sample_bytes >= kDictionarySampleBytes) ||
      impl_->sample_bytes >= kDictionaryMaxSampleBytes;
  if (!enough) return Status::Ok();
  return impl_->MakeDictionary();
}

Result<BulkCounts> BulkBuilder::Finish() {
  if (!impl_->dictionary_made) {
    if (Status s = impl_->MakeDictionary(); !s.ok()) return s;
  }
  for (size_t i = 0; i < impl_->shards.size(); ++i) {
    if (!impl_->pending[i].empty() && !impl_->shards[i]->Push(std::move(impl_->pending[i]))) break;
  }
  impl_->StopWorkers();
  if (Status s = impl_->FirstError(); !s.ok()) return s;
  if (Status s = impl_->WriteSpelling(); !s.ok()) return s;
  BulkCounts counts;
  const std::string out = impl_->layout.GenerationPath(MergedName(impl_->generation));
  try {
    Xapian::Database merged;
    for (unsigned i = 0; i < impl_->shards.size(); ++i) {
      merged.add_database(Xapian::Database(ShardPath(impl_->layout, impl_->generation, i)));
      // No documents, only spelling data: the compactor merges it in.
      merged.add_database(Xapian::Database(SpellingPath(impl_->layout, impl_->generation, i)));
      counts.added += impl_->shards[i]->counts.added;
      counts.replaced += impl_->shards[i]->counts.replaced;
    }
    merged.compact(out);
    const uint64_t compacted_bytes =
        impl_->layout.GenerationSizeBytes(MergedName(impl_->generation));
    Xapian::WritableDatabase stamp(out, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    // A bulk build is as compact as a compaction makes it.
    RecordCompaction(stamp, stamp.get_doccount(), compacted_bytes);
    stamp.set_metadata(schema::kLastUpdateMetadataKey, std::to_string(NowSeconds()));
    RecordIndexFormat(stamp);
    stamp.set_metadata(schema::kPositionsMetadataKey, impl_->positions);
    if (!impl_->dictionary.empty()) {
      stamp.set_metadata(kDataDictionaryMetadataKey, impl_->dictionary);
    }
    // A rebuild keeps the synonyms, stopwords and file URLs the index was
    // given (the URLs unless it gives new ones).
    auto live = impl_->layout.CurrentGeneration();
    if (live.ok()) CopySettings(Xapian::Database(impl_->layout.GenerationPath(*live)), stamp);
    if (!impl_->fields.empty()) WriteFieldSchema(stamp, impl_->fields);
    if (!impl_->options.file_urls.empty()) {
      stamp.set_metadata(schema::kFileUrlsMetadataKey, impl_->options.file_urls);
    }
    stamp.commit();
    stamp.close();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "merging the shards into " + out);
  }
  impl_->shards.clear();
  if (Status s = impl_->layout.SyncGeneration(MergedName(impl_->generation)); !s.ok()) return s;
  // Into the reserved (empty) directory's place; SwitchTo syncs the
  // directory holding both the rename and the stub.
  const std::string final_path = impl_->layout.GenerationPath(impl_->generation);
  std::error_code ec;
  fs::remove(final_path, ec);
  fs::rename(out, final_path, ec);
  if (ec)
    return Status::IOError("cannot rename " + out + " to " + final_path + ": " + ec.message());
  impl_->RemoveShards();
  auto previous = impl_->layout.CurrentGeneration();
  if (Status s = impl_->layout.SwitchTo(impl_->generation); !s.ok()) return s;
  impl_->finished = true;
  // The replaced generation stays for searchers still on it; older ones go,
  // still under the lock. The switch has happened: a failure to remove
  // them is reported, not a failed build.
  if (Status s = impl_->layout.RemoveStaleGenerations(previous.ok() ? *previous : ""); !s.ok()) {
    counts.cleanup_error = s.message();
  }
  // The build is over, so is its hold (a caller that passed the lock in
  // keeps it through its own reference).
  impl_->write_lock.reset();
  return counts;
}

const std::string& BulkBuilder::generation() const { return impl_->generation; }

unsigned BulkBuilder::threads() const { return impl_->threads; }

void BulkBuilder::set_min_spelling_count(uint32_t count) {
  impl_->min_spelling_count = std::max<uint32_t>(1, count);
}

}  // namespace byline
