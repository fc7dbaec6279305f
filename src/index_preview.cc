#include "byline/index_preview.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

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
  // What this run would have written: a hash of each upserted article's
  // stored form (to tell an unchanged second upsert from an update without
  // keeping every article), the ids new to the index, the ids deleted.
  std::unordered_map<std::string, size_t> written;
  std::unordered_set<std::string> added;
  std::unordered_set<std::string> deleted;

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
    const std::string data = EncodeStoredArticle(article);
    const size_t hash = std::hash<std::string>{}(data);
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
    if (impl_->added.count(article.id)) return UpsertOutcome::kUpdated;
    const std::string id_term = schema::IdTerm(article.id);
    Xapian::PostingIterator existing =
        impl_->exists ? impl_->db.postlist_begin(id_term) : Xapian::PostingIterator();
    if (!impl_->exists || existing == impl_->db.postlist_end(id_term)) {
      impl_->added.insert(article.id);
      return UpsertOutcome::kAdded;
    }
    // Compared as IndexWriter::Upsert compares: the stored form.
    return impl_->db.get_document(*existing).get_data() == data ? UpsertOutcome::kUnchanged
                                                                : UpsertOutcome::kUpdated;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "previewing article " + article.id);
  }
}

Result<bool> IndexPreview::Delete(const std::string& id) {
  try {
    if (impl_->deleted.count(id)) return false;
    if (impl_->added.erase(id) > 0) {
      impl_->written.erase(id);
      return true;
    }
    if (!impl_->InIndex(id)) return false;
    impl_->written.erase(id);
    impl_->deleted.insert(id);
    return true;
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
  try {
    std::vector<std::string> ids;
    if (impl_->exists) ids = impl_->WithoutDeleted(byline::IdsNotIn(impl_->db, keep));
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
