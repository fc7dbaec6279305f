#include "index_settings.h"

#include <sstream>

#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/site_files.h"
#include "data_dictionary.h"
#include "stored_article.h"
#include "xapian_status.h"

namespace byline {

Result<FieldSchema> ReadFieldSchema(const Xapian::Database& db) {
  return DecodeFieldSchema(db.get_metadata(schema::kFieldsMetadataKey));
}

namespace {

// The live value of metadata `key` of the index at `dir`: "" when there is
// no index or its live generation is gone (a --reindex is how that is
// mended: nothing is left to keep). Any other error is returned, naming
// `what`: not "nothing", or a rebuild would drop the setting unsaid.
Result<std::string> ReadLiveMetadata(const std::string& dir, const char* key, const char* what) {
  if (!IndexLayout(dir).Exists()) return std::string();
  try {
    return Xapian::Database(dir).get_metadata(key);
  } catch (const Xapian::DatabaseNotFoundError&) {
    return std::string();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, std::string("reading the ") + what + " of index " + dir);
  }
}

}  // namespace

Result<FieldSchema> ReadLiveFieldSchema(const std::string& dir) {
  auto text = ReadLiveMetadata(dir, schema::kFieldsMetadataKey, "declared fields");
  if (!text.ok()) return text.status();
  return DecodeFieldSchema(*text);
}

Result<FileUrls> ReadLiveFileUrls(const std::string& dir) {
  auto text = ReadLiveMetadata(dir, schema::kFileUrlsMetadataKey, "file URLs");
  if (!text.ok()) return text.status();
  auto urls = FileUrls::Decode(*text);
  if (!urls.ok()) return Status::Corruption("index " + dir + ": " + urls.status().message());
  return urls;
}

Result<FieldDeclarations> PlanFieldDeclarations(const std::string& dir, const FieldSchema& declared,
                                                bool rebuild, size_t max_fields,
                                                bool count_stored) {
  auto stored = ReadLiveFieldSchema(dir);
  if (!stored.ok()) return stored.status();
  auto merged = MergeFieldSchemas(*stored, declared, rebuild, max_fields);
  if (!merged.ok()) return merged.status();
  FieldDeclarations plan;
  plan.fields = std::move(merged).value();
  for (const FieldSpec& field : plan.fields) {
    const FieldSpec* before = FindField(*stored, field.name);
    if (before == nullptr || before->type != field.type) plan.added.push_back({field, 0});
  }
  if (plan.added.empty() || rebuild || !count_stored || !IndexLayout(dir).Exists()) return plan;
  // Only stored: the articles' data says which carry the field.
  try {
    Xapian::Database db(dir);
    RememberIndexDataDictionaries(dir);
    Article article;
    for (auto it = db.postlist_begin(""), end = db.postlist_end(""); it != end; ++it) {
      const std::string data = db.get_document(*it).get_data();
      // Most articles have no extra fields: not decoded.
      if (!StoredArticleMayHaveExtraFields(data)) continue;
      if (!DecodeStoredArticle(data, &article) || article.extra_fields.empty()) continue;
      for (auto& added : plan.added) {
        if (ExtraField(article, added.spec.name) != nullptr) ++added.stored_articles;
      }
    }
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading the articles of " + dir);
  }
  return plan;
}

void WriteFieldSchema(Xapian::WritableDatabase& db, const FieldSchema& fields) {
  db.set_metadata(schema::kFieldsMetadataKey, EncodeFieldSchema(fields));
}

std::vector<std::string> ReadStopwords(const Xapian::Database& db) {
  std::vector<std::string> words;
  std::istringstream lines(db.get_metadata(schema::kStopwordsMetadataKey));
  for (std::string word; std::getline(lines, word);) {
    if (!word.empty()) words.push_back(word);
  }
  return words;
}

void WriteStopwords(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) joined += schema::Normalise(word) + "\n";
  db.set_metadata(schema::kStopwordsMetadataKey, joined);
}

void WriteSynonyms(Xapian::WritableDatabase& db,
                   const std::vector<std::vector<std::string>>& groups,
                   const Xapian::Stem& stemmer) {
  std::vector<std::string> old_keys(db.synonym_keys_begin(), db.synonym_keys_end());
  for (const auto& key : old_keys) db.clear_synonyms(key);
  for (const auto& group : groups) {
    for (const auto& word_text : group) {
      const std::string word = schema::Normalise(word_text);
      for (const auto& other_text : group) {
        const std::string other = schema::Normalise(other_text);
        if (other == word) continue;
        // Queries look up synonyms of the word as typed first, then of its
        // stemmed term; as plain words are stemmed, the stemmed form is the
        // one to store (with title:'s too), or the word itself unstemmed.
        if (stemmer.is_none()) {
          db.add_synonym(word, other);
          db.add_synonym(schema::kTitlePrefix + word, schema::kTitlePrefix + other);
        } else {
          db.add_synonym(schema::StemTerm("", stemmer(word)), schema::StemTerm("", stemmer(other)));
          db.add_synonym(schema::StemTerm(schema::kTitlePrefix, stemmer(word)),
                         schema::StemTerm(schema::kTitlePrefix, stemmer(other)));
        }
      }
    }
  }
}

void CopySettings(const Xapian::Database& from, Xapian::WritableDatabase& to) {
  to.set_metadata(schema::kStopwordsMetadataKey, from.get_metadata(schema::kStopwordsMetadataKey));
  to.set_metadata(schema::kFileUrlsMetadataKey, from.get_metadata(schema::kFileUrlsMetadataKey));
  for (auto key = from.synonym_keys_begin(); key != from.synonym_keys_end(); ++key) {
    for (auto syn = from.synonyms_begin(*key); syn != from.synonyms_end(*key); ++syn) {
      to.add_synonym(*key, *syn);
    }
  }
}

IndexOptions WithShardPositions(IndexOptions options) {
  if (options.positions.empty()) options.positions = "table";
  return options;
}

}  // namespace byline
