// Analysis: language, stemmer and stopwords, applied alike to TermGenerator
// (indexing) and QueryParser (querying) so the two never drift apart.
#ifndef BYLINE_SRC_ANALYSIS_H_
#define BYLINE_SRC_ANALYSIS_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/schema.h"

namespace byline {

// True for "none" and every language Xapian's Snowball stemmers know.
bool IsKnownLanguage(const std::string& language);

// The fields a query may name (title:word). Boolean fields match whole
// values; `exact_case` ones (ids) are case-sensitive. A field with
// `exact_term` matches a quoted value (source:"BBC News") as one whole value,
// through the very term the filter of the same name uses (source=BBC News),
// so the two match the same articles; its unquoted words (source:bbc) match
// words of the value, stemmed. A boolean field with `exact_term` (tag:) takes
// every value that way.
struct QueryField {
  const char* name;
  const char* prefix;
  bool boolean;
  bool exact_case;
  std::string (*exact_term)(std::string_view value);  // null: none
};
inline constexpr QueryField kQueryFields[] = {
    {"title", schema::kTitlePrefix, false, false, nullptr},
    {"author", schema::kAuthorPrefix, false, false, schema::AuthorTerm},
    {"source", schema::kSourcePrefix, false, false, schema::SourceTerm},
    {"tag", schema::kTagPrefix, true, false, schema::TagTerm},
    {"id", schema::kIdPrefix, true, true, nullptr},
};

// The hidden boolean query field that quoted values of the free-text field
// `field` are routed through (see QueryField::exact_term).
std::string ExactValueField(const std::string& field);

// How words are turned into terms. kAllZ (Xapian's STEM_ALL_Z): one stemmed,
// positional term per word ("Zcomput"), as Lucene's english analyzer does;
// exact forms are not indexed. kSome (STEM_SOME): the word as written with
// positions plus a stemmed term without them; what indexes built before the
// setting existed use. The writer and the query parser always follow the
// index's own setting.
enum class Stemming { kSome, kAllZ };

// Recorded under schema::kStemmingMetadataKey: "all_z", or absent for kSome.
// What a new index (or a rebuilt generation) gets.
inline constexpr Stemming kNewIndexStemming = Stemming::kAllZ;

// The metadata value for `stemming` ("some" or "all_z").
std::string StemmingName(Stemming stemming);
// Reads the metadata value; empty (an index older than the setting) is
// kSome. False for a value this version does not know.
bool ParseStemming(const std::string& value, Stemming* stemming);

// The language a new generation of the index in `dir` gets: `requested`
// when given, else the live generation's, else english.
std::string LanguageForNewGeneration(const std::string& dir, const std::string& requested);

// The hidden query field that `field` ("" for plain words, "title", ...)
// wildcards are routed through on a kAllZ index (see WildcardFields).
std::string HiddenWildcardField(const std::string& field);

// The wildcard `text*` (text lower-cased) over the "Z"-prefixed stems of
// terms with field `prefix` ("" for plain words): the stems starting with
// `text`, or-ed as one synonym with the exact stem of `text` when that does
// not start with `text` ("happy*" also matches "Zhappi").
Xapian::Query WildcardOverStems(const Xapian::Stem& stemmer, const std::string& prefix,
                                const std::string& text, unsigned max_expansion);

class Analyzer {
 public:
  Analyzer(const std::string& language, Stemming stemming);

  const std::string& language() const { return language_; }
  Stemming stemming() const { return stemming_; }
  // True when the index holds only "Z"-prefixed stems for text (kAllZ with
  // a real stemmer; with language "none" words are indexed as written).
  // Then Xapian's own wildcard and partial-word expansion, which look for
  // prefix+text without the Z, would find nothing, and the parser routes
  // wildcards through hidden fields instead (see Configure).
  const Xapian::Stem& stemmer() const { return stemmer_; }
  // The words dropped from queries (empty when the language has no list).
  const std::vector<std::string>& stopwords() const { return stopwords_; }

  // Sets stemmer and stemming strategy for indexing. Stopwords are indexed
  // (phrases such as "state of the art" must still match).
  void Configure(Xapian::TermGenerator* generator) const;

  // Sets stemmer, stemming strategy, stopwords and the field prefixes of the
  // schema (title:, author:, source:, tag:, id:), with the hidden boolean
  // fields of exact values (ExactValueField). When StemsAllWords(), also
  // the hidden wildcard fields (HiddenWildcardField) for plain words and each
  // free-text field: `HIDDEN:text` expands to the stems starting with `text`
  // or with its stem (at most `max_wildcard_expansion` each, the most frequent;
  // 0 = no limit). The parse must then run without FLAG_WILDCARD (with it,
  // Xapian bypasses field processors for word*).
  void Configure(Xapian::QueryParser* parser, unsigned max_wildcard_expansion = 0) const;

  // Adds the query prefix `name`: (a declared text field) for the words
  // indexed under `prefix`, with its hidden wildcard field as Configure
  // adds for the schema's free-text fields.
  void AddTextField(Xapian::QueryParser* parser, const std::string& name, const std::string& prefix,
                    unsigned max_wildcard_expansion = 0) const;

  bool StemsAllWords() const { return stemming_ == Stemming::kAllZ && !stemmer_.is_none(); }

  // The wildcard query for `text` (lower-cased, without the '*') over terms
  // with `prefix` ("" or a field prefix) on a StemsAllWords() index.
  Xapian::Query StemWildcard(const std::string& prefix, const std::string& text,
                             unsigned max_expansion) const;

 private:
  std::string language_;
  Stemming stemming_;
  Xapian::Stem stemmer_;
  std::vector<std::string> stopwords_;
  std::unique_ptr<Xapian::SimpleStopper> stopper_;  // null: no stopwords
};

}  // namespace byline

#endif  // BYLINE_SRC_ANALYSIS_H_
