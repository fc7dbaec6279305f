#include "byline/index_preview.h"

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include "analysis.h"
#include "byline/index_format.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/sharded_writer.h"
#include "data_dictionary.h"
#include "document_builder.h"
#include "id_queries.h"
#include "index_settings.h"
#include "stored_article.h"
#include "word_table.h"
#include "xapian_status.h"

namespace byline {

struct IndexPreview::Impl {
  std::string dir;
  bool exists = false;
  Xapian::Database db;  // empty when !exists
  std::unique_ptr<Analyzer> analyzer;
  // What this run would have written: a hash of each upserted article's
  // stored form (to tell an unchanged second upsert from an update without
  // keeping every article), the ids new to the index, the ids deleted.
  std::unordered_map<std::string, size_t> written;
  std::unordered_set<std::string> added;
  std::unordered_set<std::string> deleted;
  // With queries_see_changes: the upserted articles, indexed as the writer
  // would index them, for IdsMatching.
  std::optional<Xapian::WritableDatabase> overlay;
  WordTable words;  // before builder
  std::unique_ptr<DocumentBuilder> builder;
  FieldSchema fields;  // the writer's (see HasDeclaredFields)

  bool InIndex(const std::string& id) const { return exists && db.term_exists(schema::IdTerm(id)); }
};

IndexPreview::IndexPreview(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexPreview::~IndexPreview() = default;

Result<std::unique_ptr<IndexPreview>> IndexPreview::Open(const std::string& dir,
                                                         const IndexOptions& options,
                                                         bool queries_see_changes) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->exists = IndexLayout(dir).Exists();
  std::string language = options.language.empty() ? "english" : options.language;
  Stemming stemming = kNewIndexStemming;
  if (impl->exists) {
    // Refused for the same reasons a writer would refuse the index.
    if (auto shards = ShardedWriter::CountShards(dir); !shards.ok()) return shards.status();
    // And a newer Byline's index. (One too old to update is refused by the
    // indexer before a dry-run update; a reindex's preview reads it.)
    if (Status s = CheckLiveIndexFormat(dir, /*rebuilding=*/true); !s.ok()) return s;
    try {
      impl->db = Xapian::Database(dir);
      RememberIndexDataDictionaries(dir);
      if (std::string own = impl->db.get_metadata(schema::kLanguageMetadataKey); !own.empty()) {
        language = own;  // updates keep the index's language
      }
      if (!ParseStemming(impl->db.get_metadata(schema::kStemmingMetadataKey), &stemming)) {
        return Status::Corruption("index " + dir + " has an unknown " +
                                  schema::kStemmingMetadataKey + " (written by a newer Byline?)");
      }
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "opening index " + dir + " to preview changes");
    }
  }
  impl->analyzer = std::make_unique<Analyzer>(language, stemming);
  // The fields the writer would have (a new type taken as a rebuild takes it:
  // whether an update may change one is the caller's to check first, with
  // PlanFieldDeclarations).
  FieldSchema stored;
  if (impl->exists) {
    try {
      auto read = ReadFieldSchema(impl->db);
      if (!read.ok()) return read.status();
      stored = std::move(read).value();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "opening index " + dir + " to preview changes");
    }
  }
  auto fields = MergeFieldSchemas(stored, options.fields, /*rebuild=*/true, options.max_fields);
  if (!fields.ok()) return fields.status();
  impl->fields = std::move(fields).value();
  if (queries_see_changes) {
    try {
      impl->overlay = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "previewing changes to " + dir);
    }
    impl->builder = std::make_unique<DocumentBuilder>(*impl->analyzer, &impl->words);
    impl->builder->SetFields(impl->fields);
  }
  return std::unique_ptr<IndexPreview>(new IndexPreview(std::move(impl)));
}

std::unique_ptr<IndexPreview> IndexPreview::Empty(const IndexOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->analyzer = std::make_unique<Analyzer>(
      options.language.empty() ? "english" : options.language, kNewIndexStemming);
  return std::unique_ptr<IndexPreview>(new IndexPreview(std::move(impl)));
}

bool IndexPreview::exists() const { return impl_->exists; }

Result<UpsertOutcome> IndexPreview::Upsert(const Article& article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  try {
    std::string data = EncodeStoredArticle(article);
    const size_t hash = std::hash<std::string>{}(data);
    if (impl_->overlay) {
      impl_->overlay->replace_document(schema::IdTerm(article.id),
                                       impl_->builder->Build(article, data));
    }
    auto [it, first_time] = impl_->written.try_emplace(article.id, hash);
    if (impl_->deleted.erase(article.id) > 0) {
      it->second = hash;
      return UpsertOutcome::kAdded;  // its old copy is gone: a new one
    }
    if (!first_time) {
      const bool same = it->second == hash;
      it->second = hash;
      return same ? UpsertOutcome::kUnchanged : UpsertOutcome::kUpdated;
    }
    const std::string id_term = schema::IdTerm(article.id);
    Xapian::PostingIterator existing =
        impl_->exists ? impl_->db.postlist_begin(id_term) : Xapian::PostingIterator();
    if (!impl_->exists || existing == impl_->db.postlist_end(id_term)) {
      impl_->added.insert(article.id);
      return UpsertOutcome::kAdded;
    }
    // Compared as IndexWriter::Upsert compares: the stored form, and whether
    // the article was indexed by the declared fields it carries.
    const Xapian::Document old_doc = impl_->db.get_document(*existing);
    return SameStoredArticle(old_doc.get_data(), data) &&
                   HasDeclaredFields(impl_->fields, article, old_doc)
               ? UpsertOutcome::kUnchanged
               : UpsertOutcome::kUpdated;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "previewing article " + article.id);
  }
}

Result<bool> IndexPreview::Delete(const std::string& id) {
  try {
    if (impl_->deleted.count(id)) return false;
    bool found = impl_->added.erase(id) > 0;
    if (!found && impl_->InIndex(id)) {
      impl_->deleted.insert(id);
      found = true;
    }
    if (found) {
      impl_->written.erase(id);
      if (impl_->overlay) impl_->overlay->delete_document(schema::IdTerm(id));
    }
    return found;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "previewing the deletion of " + id);
  }
}

Result<std::vector<std::string>> IndexPreview::IdsMatching(const std::string& query) const {
  try {
    std::vector<std::string> ids;
    if (impl_->exists) {
      auto in_index = IdsMatchingQuery(impl_->db, *impl_->analyzer, query);
      if (!in_index.ok()) return in_index.status();
      for (auto& id : *in_index) {
        // Rewritten articles are matched as rewritten, below (when tracked).
        const bool rewritten = impl_->overlay && impl_->written.count(id);
        if (!impl_->deleted.count(id) && !rewritten) ids.push_back(std::move(id));
      }
    }
    if (impl_->overlay) {
      auto changed = IdsMatchingQuery(*impl_->overlay, *impl_->analyzer, query);
      if (!changed.ok()) return changed.status();
      ids.insert(ids.end(), changed->begin(), changed->end());
    } else if (!impl_->exists && query.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidQuery("the delete query is empty");
    }
    return ids;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "finding what \"" + query + "\" matches");
  }
}

Result<std::vector<std::string>> IndexPreview::IdsNotIn(
    const std::function<bool(const std::string& id)>& keep) const {
  try {
    std::vector<std::string> ids;
    if (impl_->exists) {
      for (auto& id : byline::IdsNotIn(impl_->db, keep)) {
        if (!impl_->deleted.count(id)) ids.push_back(std::move(id));
      }
    }
    for (const auto& id : impl_->added) {
      if (!keep(id)) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());  // in id order, as the writer lists them
    return ids;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "listing the articles of " + impl_->dir);
  }
}

uint64_t IndexPreview::article_count() const {
  uint64_t in_index = 0;
  try {
    if (impl_->exists) in_index = impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
  }
  return in_index + impl_->added.size() - impl_->deleted.size();
}

}  // namespace byline
