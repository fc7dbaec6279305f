#include "byline/index_writer.h"

#include <chrono>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

#include <xapian.h>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "document_builder.h"
#include "index_metadata.h"
#include "index_settings.h"
#include "stored_article.h"
#include "xapian_status.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A rebuild writes with DB_NO_SYNC (much faster); before the switch, every
// file of the generation is synced once so the published index is durable.
Status SyncDirectoryTree(const std::string& path) {
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    int fd = ::open(entry.path().c_str(), entry.is_directory(ec) ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return Status::IOError("cannot open " + entry.path().string() + " to sync it");
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Status::IOError("fsync failed on " + entry.path().string());
  }
  if (ec) return Status::IOError("cannot list " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

struct IndexWriter::Impl {
  Impl(IndexLayout l, std::string gen, Xapian::WritableDatabase database,
       const std::string& language, const IndexOptions& opts, IndexWriter::Mode m)
      : layout(std::move(l)),
        generation(std::move(gen)),
        db(std::move(database)),
        analyzer(language),
        builder(analyzer, &db),
        options(opts),
        mode(m) {}

  IndexLayout layout;
  std::string generation;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  DocumentBuilder builder;
  IndexOptions options;
  IndexWriter::Mode mode;
  uint64_t pending = 0;
  bool published = false;
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    // An unpublished rebuild is abandoned, never half-switched; an update
    // keeps what it wrote, as if Commit() had been called.
    if (impl_->mode == Mode::kUpdate) impl_->db.commit();
    impl_->db.close();
  } catch (const Xapian::Error&) {
    // Nothing to report to from a destructor; committed batches are safe.
  }
  if (impl_->mode == Mode::kRebuild && !impl_->published) {
    // Nobody else writes or reads an unpublished generation: give its space
    // back now (after a disk-full failure the next try needs it).
    std::error_code ec;
    fs::remove_all(impl_->layout.GenerationPath(impl_->generation), ec);
  }
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& dir,
                                                        const IndexOptions& options,
                                                        Mode mode) {
  if (Status s = options.Validate(); !s.ok()) return s;
  IndexLayout layout(dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create index directory " + dir + ": " + ec.message());

  std::string generation;
  bool is_new = mode == Mode::kRebuild || !layout.Exists();
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
    int flags = is_new ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_OPEN;
    if (mode == Mode::kRebuild) flags |= Xapian::DB_NO_SYNC;
    Xapian::WritableDatabase db(layout.GenerationPath(generation), flags);
    std::string language = db.get_metadata(kLanguageMetadataKey);
    if (language.empty()) {
      language = options.language;
      db.set_metadata(kLanguageMetadataKey, language);
    }
    if (mode == Mode::kRebuild && layout.Exists()) {
      // A rebuild keeps the synonyms and stopwords the index was given.
      auto current = layout.CurrentGeneration();
      if (current.ok()) CopySettings(Xapian::Database(layout.GenerationPath(*current)), db);
    }
    auto impl = std::make_unique<Impl>(layout, generation, std::move(db), language, options, mode);
    if (is_new && mode == Mode::kUpdate) {
      // A brand-new index: make it openable by readers right away.
      impl->db.commit();
      if (Status s = layout.SwitchTo(generation); !s.ok()) return s;
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
  } catch (const Xapian::Error& e) {
    if (mode == Mode::kRebuild) {
      // Whatever was created of the new generation is of no use to anyone.
      std::error_code ignored;
      fs::remove_all(layout.GenerationPath(generation), ignored);
    }
    return StatusFromXapian(e, "opening index " + dir + " for writing");
  }
}

Result<UpsertOutcome> IndexWriter::Upsert(const Article& article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  try {
    std::string data = EncodeStoredArticle(article);
    const std::string id_term = schema::IdTerm(article.id);
    UpsertOutcome outcome = UpsertOutcome::kAdded;
    Xapian::PostingIterator existing = impl_->db.postlist_begin(id_term);
    if (existing != impl_->db.postlist_end(id_term)) {
      // Re-indexing an unchanged article costs a read, not a rewrite (nor
      // more spelling data: building the document adds to it).
      if (impl_->db.get_document(*existing).get_data() == data) {
        return UpsertOutcome::kUnchanged;
      }
      outcome = UpsertOutcome::kUpdated;
    }
    impl_->db.replace_document(id_term, impl_->builder.Build(article, std::move(data)));
    if (++impl_->pending >= impl_->options.commit_every) {
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
    if (!impl_->db.term_exists(id_term)) return false;
    impl_->db.delete_document(id_term);
    ++impl_->pending;
    return true;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "deleting article " + id);
  }
}

Status IndexWriter::Commit() {
  try {
    impl_->db.set_metadata(kLastUpdateMetadataKey, std::to_string(NowSeconds()));
    impl_->db.commit();
    impl_->pending = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "committing to " + impl_->layout.dir());
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

uint64_t IndexWriter::pending() const { return impl_->pending; }

const std::string& IndexWriter::generation() const { return impl_->generation; }

Status IndexWriter::Publish() {
  if (impl_->mode != Mode::kRebuild) return Status::InvalidArgument("Publish() is for rebuilds");
  if (impl_->published) return Status::Ok();
  if (Status s = Commit(); !s.ok()) return s;
  std::string path = impl_->layout.GenerationPath(impl_->generation);
  if (Status s = SyncDirectoryTree(path); !s.ok()) return s;
  auto previous = impl_->layout.CurrentGeneration();
  if (Status s = impl_->layout.SwitchTo(impl_->generation); !s.ok()) return s;
  impl_->published = true;
  // The generation just replaced stays until the next rebuild: searchers may
  // still be reading it and move on at their next refresh. Older ones go.
  return impl_->layout.RemoveStaleGenerations(previous.ok() ? *previous : "");
}

Result<IndexStats> IndexWriter::Stats() const {
  try {
    IndexStats stats;
    stats.articles = impl_->db.get_doccount();
    Xapian::TermIterator it = impl_->db.allterms_begin(), end = impl_->db.allterms_end();
    for (; it != end; ++it) ++stats.terms;
    stats.size_bytes = impl_->layout.GenerationSizeBytes(impl_->generation);
    stats.generation = impl_->generation;
    std::string last = impl_->db.get_metadata(kLastUpdateMetadataKey);
    stats.last_update = ParseLastUpdate(last);
    return stats;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + impl_->layout.dir());
  }
}

}  // namespace byline
