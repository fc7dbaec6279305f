// Analysis: language, stemmer and stopwords, applied alike to TermGenerator
// (indexing) and QueryParser (querying) so the two never drift apart.
#ifndef BYLINE_SRC_ANALYSIS_H_
#define BYLINE_SRC_ANALYSIS_H_

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "byline/schema.h"

namespace byline {

// True for "none" and every language Xapian's Snowball stemmers know.
bool IsKnownLanguage(const std::string& language);

// The fields a query may name (title:word). Boolean fields match whole
// values; `exact_case` ones (ids) are case-sensitive.
struct QueryField {
  const char* name;
  const char* prefix;
  bool boolean;
  bool exact_case;
};
inline constexpr QueryField kQueryFields[] = {
    {"title", schema::kTitlePrefix, false, false},
    {"author", schema::kAuthorPrefix, false, false},
    {"source", schema::kSourcePrefix, false, false},
    {"tag", schema::kTagPrefix, true, false},
    {"id", schema::kIdPrefix, true, true},
};

// Metadata key under which an index records its analysis language.
inline constexpr char kLanguageMetadataKey[] = "byline.language";

// The language a new generation of the index in `dir` gets: `requested`
// when given, else the live generation's, else english.
std::string LanguageForNewGeneration(const std::string& dir, const std::string& requested);

class Analyzer {
 public:
  explicit Analyzer(const std::string& language);

  const std::string& language() const { return language_; }
  const Xapian::Stem& stemmer() const { return stemmer_; }
  // The words dropped from queries (empty when the language has no list).
  const std::vector<std::string>& stopwords() const { return stopwords_; }

  // Sets stemmer and stemming strategy for indexing. Stopwords are indexed
  // (phrases such as "state of the art" must still match).
  void Configure(Xapian::TermGenerator* generator) const;

  // Sets stemmer, stemming strategy, stopwords and the field prefixes of the
  // schema (title:, author:, source:, tag:, id:).
  void Configure(Xapian::QueryParser* parser) const;

 private:
  std::string language_;
  Xapian::Stem stemmer_;
  std::vector<std::string> stopwords_;
  std::unique_ptr<Xapian::SimpleStopper> stopper_;  // null: no stopwords
};

}  // namespace byline

#endif  // BYLINE_SRC_ANALYSIS_H_
