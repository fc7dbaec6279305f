#include "byline/index_preview.h"

#include <xapian.h>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/sharded_writer.h"
#include "id_queries.h"
#include "stored_article.h"
#include "xapian_status.h"

namespace byline {

struct IndexPreview::Impl {
  std::string dir;
  bool exists = false;
  Xapian::Database db;  // empty when !exists
  std::unique_ptr<Analyzer> analyzer;
  std::unordered_set<std::string> added;    // ids this run would add
  std::unordered_set<std::string> deleted;  // ids this run would delete

  bool InIndex(const std::string& id) const {
    return exists && db.term_exists(schema::IdTerm(id));
  }

  std::vector<std::string> WithoutDeleted(std::vector<std::string> ids) const {
    if (deleted.empty()) return ids;
    std::vector<std::string> kept;
    for (auto& id : ids) {
      if (!deleted.count(id)) kept.push_back(std::move(id));
    }
    return kept;
  }
};

IndexPreview::IndexPreview(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexPreview::~IndexPreview() = default;

Result<std::unique_ptr<IndexPreview>> IndexPreview::Open(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->exists = IndexLayout(dir).Exists();
  if (impl->exists) {
    // Refused for the same reasons a writer would refuse the index.
    if (auto shards = ShardedWriter::CountShards(dir); !shards.ok()) return shards.status();
    try {
      impl->db = Xapian::Database(dir);
      std::string language = impl->db.get_metadata(kLanguageMetadataKey);
      Stemming stemming;
      if (!ParseStemming(impl->db.get_metadata(kStemmingMetadataKey), &stemming)) {
        return Status::Corruption("index " + dir + " has an unknown " + kStemmingMetadataKey +
                                  " (written by a newer Byline?)");
      }
      impl->analyzer =
          std::make_unique<Analyzer>(language.empty() ? "english" : language, stemming);
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "opening index " + dir + " to preview changes");
    }
  }
  return std::unique_ptr<IndexPreview>(new IndexPreview(std::move(impl)));
}

bool IndexPreview::exists() const { return impl_->exists; }

Result<UpsertOutcome> IndexPreview::Upsert(const Article& article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  try {
    const bool deleted = impl_->deleted.erase(article.id) > 0;
    if (deleted || impl_->added.count(article.id)) {
      impl_->added.insert(article.id);
      return deleted ? UpsertOutcome::kAdded : UpsertOutcome::kUpdated;
    }
    const std::string id_term = schema::IdTerm(article.id);
    Xapian::PostingIterator existing =
        impl_->exists ? impl_->db.postlist_begin(id_term) : Xapian::PostingIterator();
    if (!impl_->exists || existing == impl_->db.postlist_end(id_term)) {
      impl_->added.insert(article.id);
      return UpsertOutcome::kAdded;
    }
    // Compared as IndexWriter::Upsert compares: the stored form.
    if (impl_->db.get_document(*existing).get_data() == EncodeStoredArticle(article)) {
      return UpsertOutcome::kUnchanged;
    }
    return UpsertOutcome::kUpdated;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "previewing article " + article.id);
  }
}

Result<bool> IndexPreview::Delete(const std::string& id) {
  try {
    if (impl_->deleted.count(id)) return false;
    const bool found = impl_->added.erase(id) > 0 || impl_->InIndex(id);
    if (found && impl_->InIndex(id)) impl_->deleted.insert(id);
    return found;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "previewing the deletion of " + id);
  }
}

Result<std::vector<std::string>> IndexPreview::IdsMatching(const std::string& query) const {
  if (!impl_->exists) {
    if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidQuery("the delete query is empty");
    }
    return std::vector<std::string>{};
  }
  try {
    auto ids = IdsMatchingQuery(impl_->db, *impl_->analyzer, query);
    if (!ids.ok()) return ids.status();
    return impl_->WithoutDeleted(std::move(ids).value());
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "finding what \"" + query + "\" matches");
  }
}

Result<std::vector<std::string>> IndexPreview::IdsNotIn(
    const std::function<bool(const std::string& id)>& keep) const {
  if (!impl_->exists) return std::vector<std::string>{};
  try {
    return impl_->WithoutDeleted(byline::IdsNotIn(impl_->db, keep));
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
