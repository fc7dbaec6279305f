#include "index_settings.h"

#include <sstream>

#include "byline/schema.h"

namespace byline {

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
  for (auto key = from.synonym_keys_begin(); key != from.synonym_keys_end(); ++key) {
    for (auto syn = from.synonyms_begin(*key); syn != from.synonyms_end(*key); ++syn) {
      to.add_synonym(*key, *syn);
    }
  }
}

}  // namespace byline
