#include "byline/index_writer.h"

#include <xapian.h>

#include <filesystem>
#include <limits>
#include <unordered_set>
#include <vector>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "compaction_record.h"
#include "data_dictionary.h"
#include "document_builder.h"
#include "id_queries.h"
#include "index_format.h"
#include "index_metadata.h"
#include "index_settings.h"
#include "index_stats_of.h"
#include "stored_article.h"
#include "word_table.h"
#include "xapian_status.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

// REQUIRES: the caller catches Xapian::Error.
IndexStats StatsOf(const Xapian::Database& db, const IndexLayout& layout,
                   const std::string& generation) {
  IndexStats stats = StatsOfDatabase(db, /*count_terms=*/true);
  stats.size_bytes = layout.GenerationSizeBytes(generation);
  stats.generation = generation;
  return stats;
}

}  // namespace

struct IndexWriter::Impl {
  Impl(std::shared_ptr<const WriteLock> held, IndexLayout l, std::string gen,
       Xapian::WritableDatabase database, const std::string& language, Stemming stemming,
       const IndexOptions& opts)
      : lock(std::move(held)),
        layout(std::move(l)),
        generation(std::move(gen)),
        db(std::move(database)),
        analyzer(language, stemming),
        builder(analyzer, &words),
        removed_builder(analyzer, &removed_words),
        options(opts) {}

  // Counts the words of an article about to be replaced or deleted, so the
  // next commit takes them off the spelling data: without this, /suggest and
  // did_you_mean would keep offering words no article has any more.
  // An article whose stored data cannot be read is left out.
  void ForgetSpellingOf(const Xapian::Document& old_doc) {
    Article old;
    if (DecodeStoredArticle(old_doc.get_data(), &old)) removed_builder.CountSpelledWords(old);
  }

  // Writes the spelling changes counted since the last commit.
  void WriteSpellingChanges() {
    // Within a transaction, nothing may commit part of it.
    if (in_transaction) {
      words.WriteSpelling(&db, std::numeric_limits<size_t>::max());
    } else {
      words.WriteSpelling(&db);
    }
    removed_words.RemoveSpelling(&db);
  }

  std::shared_ptr<const WriteLock> lock;  // first: released after the database
  IndexLayout layout;
  std::string generation;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  WordTable words;  // before builder; spelling data written at each commit
  DocumentBuilder builder;
  WordTable removed_words;  // before removed_builder; of replaced and deleted articles
  DocumentBuilder removed_builder;
  IndexOptions options;
  uint64_t pending = 0;
  // Articles upserted (not unchanged) or deleted since the last commit,
  // added to the index's writes since its last compaction at the next.
  uint64_t uncommitted_writes = 0;
  bool in_transaction = false;  // BeginTransaction() until Commit() or Abandon()

  // Commits every commit_every changes, outside a transaction.
  bool CommitDue() { return ++pending >= options.commit_every && !in_transaction; }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    // Keeps what was written, as if Commit() had been called.
    impl_->WriteSpellingChanges();
    AddWritesSinceCompaction(impl_->db, impl_->uncommitted_writes);
    impl_->db.commit();
    impl_->db.close();
  } catch (const Xapian::Error&) {
    // Nothing to report to from a destructor; committed batches are safe.
  }
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& dir,
                                                       const IndexOptions& options,
                                                       std::shared_ptr<const WriteLock> lock) {
  if (Status s = options.Validate(); !s.ok()) return s;
  IndexLayout layout(dir);
  if (Status s = layout.PrepareForWriter(options.create_if_missing); !s.ok()) return s;
  auto held = LockFor(dir, std::move(lock), "update");
  if (!held.ok()) return held.status();
  // Under the lock: what another writer did before we got it is settled.
  if (Status s = layout.RemoveLeftovers(); !s.ok()) return s;

  std::string generation;
  const bool is_new = !layout.Exists();
  if (is_new) {
    auto next = layout.NextGeneration();
    if (!next.ok()) return next.status();
    generation = *next;
  } else {
    auto current = layout.CurrentGeneration();
    if (!current.ok()) return current.status();
    generation = *current;
  }

  try {
    const int flags = is_new ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_OPEN;
    Xapian::WritableDatabase db(layout.GenerationPath(generation), flags);
    // An index of a newer format is left as it is; one of an older format
    // this Byline reads is updated in it (and keeps saying so: only a
    // --reindex rewrites every article).
    if (!is_new) {
      if (Status s = CheckIndexFormat(db, dir); !s.ok()) return s;
    }
    std::string language = db.get_metadata(schema::kLanguageMetadataKey);
    if (language.empty()) {
      language = LanguageForNewGeneration(dir, options.language);
      db.set_metadata(schema::kLanguageMetadataKey, language);
      // A new index gets today's stemming and format; an existing one
      // keeps the one it was built with, absent meaning the older kSome.
      if (db.get_doccount() == 0) {
        db.set_metadata(schema::kStemmingMetadataKey, StemmingName(kNewIndexStemming));
        db.set_metadata(schema::kPositionsMetadataKey,
                        options.positions.empty() ? kNewIndexPositions : options.positions);
        RecordIndexFormat(db);
      }
    }
    Stemming stemming;
    if (!ParseStemming(db.get_metadata(schema::kStemmingMetadataKey), &stemming)) {
      return Status::Corruption("index " + dir + " has an unknown " + schema::kStemmingMetadataKey +
                                " \"" + db.get_metadata(schema::kStemmingMetadataKey) +
                                "\" (written by a newer Byline?)");
    }
    auto stored = ReadFieldSchema(db);
    if (!stored.ok()) return stored.status();
    auto fields = MergeFieldSchemas(*stored, options.fields, /*rebuild=*/false, options.max_fields);
    if (!fields.ok()) return fields.status();
    if (*fields != *stored) WriteFieldSchema(db, *fields);
    // Committed with the articles (the indexer checked it may replace one).
    if (!options.file_urls.empty() &&
        db.get_metadata(schema::kFileUrlsMetadataKey) != options.file_urls) {
      db.set_metadata(schema::kFileUrlsMetadataKey, options.file_urls);
    }
    auto impl = std::make_unique<Impl>(std::move(held).value(), layout, generation, std::move(db),
                                       language, stemming, options);
    impl->builder.SetFields(std::move(fields).value());
    // Collapse keys are written the way the index holds them (a new or
    // empty index was given today's format above).
    impl->builder.SetHashedCollapseKeys(RecordedIndexFormat(impl->db) >=
                                        schema::kFirstHashedKeysFormat);
    impl->builder.SetPositionStreams(UsesPositionStreams(impl->db));
    // Articles are stored with the generation's dictionary, if a bulk build
    // made one; older articles with theirs are read through the registry.
    RememberDataDictionary(impl->db);
    impl->builder.SetDataDictionary(impl->db.get_metadata(kDataDictionaryMetadataKey));
    if (is_new) {
      // A brand-new index: make it openable by readers right away.
      impl->db.commit();
      if (Status s = layout.SwitchTo(generation); !s.ok()) return s;
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening index " + dir + " for writing");
  }
}

Result<UpsertOutcome> IndexWriter::Upsert(const Article& article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  // Each declared value read once: checked, compared and indexed.
  Status bad_value;
  const DeclaredValues values = ReadDeclaredValues(impl_->builder.fields(), article, &bad_value);
  if (!bad_value.ok()) return bad_value;
  try {
    const std::string layout = EncodeStoredArticle(article);
    const std::string id_term = schema::IdTerm(article.id);
    UpsertOutcome outcome = UpsertOutcome::kAdded;
    Xapian::PostingIterator existing = impl_->db.postlist_begin(id_term);
    if (existing != impl_->db.postlist_end(id_term)) {
      // Re-indexing an unchanged article costs a read, not a rewrite (nor
      // more spelling data: building the document adds to it).
      Xapian::Document old_doc = impl_->db.get_document(*existing);
      // An article stored before a field it carries was declared is
      // written again, to be indexed by it.
      if (SameStoredArticle(old_doc.get_data(), layout) && HasDeclaredFields(values, old_doc)) {
        return UpsertOutcome::kUnchanged;
      }
      impl_->ForgetSpellingOf(old_doc);
      outcome = UpsertOutcome::kUpdated;
    }
    impl_->db.replace_document(
        id_term, impl_->builder.Build(article, impl_->builder.EncodeData(article), values));
    ++impl_->uncommitted_writes;
    if (impl_->CommitDue()) {
      if (Status s = Commit(); !s.ok()) return s;
    }
    return outcome;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "indexing article " + article.id);
  }
}

Result<bool> IndexWriter::Delete(const std::string& id) {
  try {
    const std::string id_term = schema::IdTerm(id);
    Xapian::PostingIterator existing = impl_->db.postlist_begin(id_term);
    if (existing == impl_->db.postlist_end(id_term)) return false;
    impl_->ForgetSpellingOf(impl_->db.get_document(*existing));
    impl_->db.delete_document(id_term);
    ++impl_->uncommitted_writes;
    if (impl_->CommitDue()) {
      if (Status s = Commit(); !s.ok()) return s;
    }
    return true;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "deleting article " + id);
  }
}

Result<std::vector<std::string>> IndexWriter::IdsMatching(const std::string& query) const {
  try {
    return IdsMatchingQuery(impl_->db, impl_->analyzer, query);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "finding what \"" + query + "\" matches");
  }
}

Result<std::vector<std::string>> IndexWriter::IdsNotIn(
    const std::function<bool(const std::string& id)>& keep) const {
  try {
    return byline::IdsNotIn(impl_->db, keep);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "listing the articles of " + impl_->layout.dir());
  }
}

uint64_t IndexWriter::article_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Status IndexWriter::Commit() {
  try {
    impl_->WriteSpellingChanges();
    impl_->db.set_metadata(schema::kLastUpdateMetadataKey, std::to_string(NowSeconds()));
    AddWritesSinceCompaction(impl_->db, impl_->uncommitted_writes);
    if (impl_->in_transaction) {
      impl_->db.commit_transaction();
      impl_->in_transaction = false;  // still set after a failure, for Abandon()
    } else {
      impl_->db.commit();
    }
    impl_->pending = 0;
    impl_->uncommitted_writes = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "committing to " + impl_->layout.dir());
  }
}

Status IndexWriter::BeginTransaction() {
  if (impl_->in_transaction) return Status::Ok();
  try {
    // What came before is committed on its own.
    if (impl_->pending > 0) {
      if (Status s = Commit(); !s.ok()) return s;
    }
    impl_->db.begin_transaction(/*flushed=*/true);
    impl_->in_transaction = true;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "starting a transaction on " + impl_->layout.dir());
  }
}

void IndexWriter::Abandon() {
  if (!impl_->in_transaction) return;
  impl_->in_transaction = false;
  impl_->pending = 0;
  impl_->uncommitted_writes = 0;
  // The spelling changes counted for the dropped articles go too.
  impl_->words.Clear();
  impl_->removed_words.Clear();
  try {
    impl_->db.cancel_transaction();
  } catch (const Xapian::Error&) {
    // The database is closed next; nothing of the transaction was committed.
  }
}

Status IndexWriter::SetSynonyms(const SynonymGroups& groups) {
  try {
    WriteSynonyms(impl_->db, groups, impl_->analyzer.stemmer());
    ++impl_->pending;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "storing synonyms in " + impl_->layout.dir());
  }
}

Status IndexWriter::SetStopwords(const std::vector<std::string>& words) {
  try {
    WriteStopwords(impl_->db, words);
    ++impl_->pending;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "storing stopwords in " + impl_->layout.dir());
  }
}

const FieldSchema& IndexWriter::fields() const { return impl_->builder.fields(); }

uint64_t IndexWriter::pending() const { return impl_->pending; }

const std::string& IndexWriter::generation() const { return impl_->generation; }

Result<IndexStats> IndexWriter::Stats() const {
  try {
    return StatsOf(impl_->db, impl_->layout, impl_->generation);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + impl_->layout.dir());
  }
}

Result<IndexStats> ReadIndexStats(const std::string& dir) {
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  if (!generation.ok()) return generation.status();
  try {
    Xapian::Database db(layout.GenerationPath(*generation));
    if (Status s = CheckIndexFormat(db, dir); !s.ok()) return s;
    return StatsOf(db, layout, *generation);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + dir);
  }
}

Result<IndexStats> CompactIndex(const std::string& dir, std::shared_ptr<const WriteLock> lock) {
  IndexLayout layout(dir);
  if (!layout.Exists()) return Status::NotFound("no Byline index at " + dir);
  // Held until the switch, so no update lands in the generation being copied.
  auto held = LockFor(dir, std::move(lock), "compact");
  if (!held.ok()) return held.status();
  if (Status s = layout.RemoveLeftovers(); !s.ok()) return s;
  auto current = layout.CurrentGeneration();
  if (!current.ok()) return current.status();
  try {
    auto next = layout.NextGeneration();
    if (!next.ok()) return next.status();
    const std::string out = layout.GenerationPath(*next);
    Xapian::Database source(layout.GenerationPath(*current));
    // The copy keeps the recorded format (compaction copies the metadata);
    // one this Byline cannot read is not rewritten.
    if (Status s = CheckIndexFormat(source, dir); !s.ok()) return s;
    source.compact(out, Xapian::DBCOMPACT_MULTIPASS);
    {
      // The drift record starts again from what the compacted copy holds
      // (byline/auto_compact.h); its size before this stamp, a block or two.
      const uint64_t bytes = layout.GenerationSizeBytes(*next);
      Xapian::WritableDatabase stamp(out, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      RecordCompaction(stamp, stamp.get_doccount(), bytes);
      stamp.commit();
      stamp.close();
    }
    if (Status s = layout.SyncGeneration(*next); !s.ok()) return s;
    if (Status s = layout.SwitchTo(*next); !s.ok()) return s;
    // As after a reindex, the replaced generation stays for searchers still on it.
    if (Status s = layout.RemoveStaleGenerations(*current); !s.ok()) return s;
    Xapian::Database compacted(out);
    return StatsOf(compacted, layout, *next);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "compacting " + dir);
  }
}

}  // namespace byline
