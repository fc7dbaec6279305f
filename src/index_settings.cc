#include "index_settings.h"

#include <sstream>

#include "byline/schema.h"

namespace byline {

std::vector<std::string> ReadStopwords(const Xapian::Database& db) {
  std::vector<std::string> words;
  std::istringstream lines(db.get_metadata(kStopwordsMetadataKey));
  for (std::string word; std::getline(lines, word);) {
    if (!word.empty()) words.push_back(word);
  }
  return words;
}

void WriteStopwords(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) joined += schema::Normalise(word) + "\n";
  db.set_metadata(kStopwordsMetadataKey, joined);
}

void WriteSynonyms(Xapian::WritableDatabase& db, const std::vector<std::vector<std::string>>& groups,
                   const Xapian::Stem& stemmer) {
  std::vector<std::string> old_keys(db.synonym_keys_begin(), db.synonym_keys_end());
  for (const auto& key : old_keys) db.clear_synonyms(key);
  for (const auto& group : groups) {
    for (const auto& word_text : group) {
      const std::string word = schema::Normalise(word_text);
      for (const auto& other_text : group) {
        const std::string other = schema::Normalise(other_text);
        if (other == word) continue;
        // Unstemmed words (e.g. in phrases or title:) and stemmed ones
        // (the Z terms plain query words become) both expand.
        db.add_synonym(word, other);
        db.add_synonym("Z" + stemmer(word), "Z" + stemmer(other));
      }
    }
  }
}

}  // namespace byline
