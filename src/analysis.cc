#include "analysis.h"

#include <iterator>
#include <sstream>

#include "byline/index_layout.h"
#include "byline/schema.h"

namespace byline {
namespace {

// Common English function words, dropped from queries (not from phrases).
constexpr const char* kEnglishStopwords[] = {
    "a",      "about",  "above", "after",  "again",    "against",    "all",  "am",
    "an",     "and",    "any",   "are",    "as",       "at",         "be",   "because",
    "been",   "before", "being", "below",  "between",  "both",       "but",  "by",
    "can",    "could",  "did",   "do",     "does",     "doing",      "down", "during",
    "each",   "few",    "for",   "from",   "further",  "had",        "has",  "have",
    "having", "he",     "her",   "here",   "hers",     "herself",    "him",  "himself",
    "his",    "how",    "i",     "if",     "in",       "into",       "is",   "it",
    "its",    "itself", "just",  "me",     "more",     "most",       "my",   "myself",
    "no",     "nor",    "not",   "now",    "of",       "off",        "on",   "once",
    "only",   "or",     "other", "our",    "ours",     "ourselves",  "out",  "over",
    "own",    "same",   "she",   "should", "so",       "some",       "such", "than",
    "that",   "the",    "their", "theirs", "them",     "themselves", "then", "there",
    "these",  "they",   "this",  "those",  "through",  "to",         "too",  "under",
    "until",  "up",     "very",  "was",    "we",       "were",       "what", "when",
    "where",  "which",  "while", "who",    "whom",     "why",        "will", "with",
    "would",  "you",    "your",  "yours",  "yourself", "yourselves"};

// Expands `HIDDEN:text` on a kAllZ index: see Analyzer::Configure.
class WildcardProcessor : public Xapian::FieldProcessor {
 public:
  WildcardProcessor(const Analyzer& analyzer, std::string prefix, unsigned max_expansion)
      : stemmer_(analyzer.stemmer()), prefix_(std::move(prefix)), max_expansion_(max_expansion) {}

  Xapian::Query operator()(const std::string& text) override {
    return WildcardOverStems(stemmer_, prefix_, text, max_expansion_);
  }

 private:
  Xapian::Stem stemmer_;
  std::string prefix_;
  unsigned max_expansion_;
};

// Makes the boolean term of a whole field value (QueryField::exact_term).
class ExactValueProcessor : public Xapian::FieldProcessor {
 public:
  explicit ExactValueProcessor(std::string (*term_for)(std::string_view)) : term_for_(term_for) {}

  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(term_for_(value));
  }

 private:
  std::string (*term_for_)(std::string_view);
};

}  // namespace

std::string ExactValueField(const std::string& field) { return "bylineexact" + field; }

std::string StemmingName(Stemming stemming) {
  return stemming == Stemming::kAllZ ? "all_z" : "some";
}

bool ParseStemming(const std::string& value, Stemming* stemming) {
  if (value.empty() || value == "some") {
    *stemming = Stemming::kSome;
  } else if (value == "all_z") {
    *stemming = Stemming::kAllZ;
  } else {
    return false;
  }
  return true;
}

std::string HiddenWildcardField(const std::string& field) { return "bylinewildcard" + field; }

Xapian::Query WildcardOverStems(const Xapian::Stem& stemmer, const std::string& prefix,
                                const std::string& text, unsigned max_expansion) {
  if (text.empty()) return Xapian::Query::MatchNothing;
  const std::string root = schema::StemTerm(prefix, "");
  // The most frequent expansions win when there are too many (0: no limit).
  // OP_SYNONYM, as Xapian's QueryParser does: the expansions score as one
  // word. (With OP_OR, Xapian 1.4.22 leaks a Weight per expanded term per
  // search: 1.6 MB a query for a* b* c* ... in the soak, valgrind-confirmed.)
  Xapian::Query wildcard(Xapian::Query::OP_WILDCARD, root + text, max_expansion,
                         max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                       : Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::Query::OP_SYNONYM);
  // The text may be a whole word whose stem is shorter than it and not its
  // start ("happy" -> "happi"): its own stem then matches too, as the word
  // "happy" itself is indexed as "Zhappi".
  const std::string stem = stemmer(text);
  if (stem.empty() || stem.compare(0, text.size(), text) == 0) return wildcard;
  Xapian::Query exact(root + stem);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, wildcard, exact);
}

std::string LanguageForNewGeneration(const std::string& dir, const std::string& requested) {
  if (!requested.empty()) return requested;
  IndexLayout layout(dir);
  auto current = layout.CurrentGeneration();
  if (current.ok()) {
    try {
      std::string language = Xapian::Database(layout.GenerationPath(*current))
                                 .get_metadata(schema::kLanguageMetadataKey);
      if (!language.empty()) return language;
    } catch (const Xapian::Error&) {
      // An unreadable live index: the new generation starts afresh.
    }
  }
  return "english";
}

bool IsKnownLanguage(const std::string& language) {
  if (language == "none") return true;
  std::istringstream names(Xapian::Stem::get_available_languages());
  std::string name;
  while (names >> name) {
    if (name == language) return true;
  }
  return false;
}

Analyzer::Analyzer(const std::string& language, Stemming stemming)
    : language_(language),
      stemming_(stemming),
      stemmer_(language == "none" || !IsKnownLanguage(language) ? Xapian::Stem()
                                                                : Xapian::Stem(language)) {
  if (language == "english" || language == "en") {
    stopper_ = std::make_unique<Xapian::SimpleStopper>();
    stopwords_.assign(std::begin(kEnglishStopwords), std::end(kEnglishStopwords));
    for (const std::string& word : stopwords_) stopper_->add(word);
  }
}

void Analyzer::Configure(Xapian::TermGenerator* generator) const {
  generator->set_stemmer(stemmer_);
  generator->set_stemming_strategy(stemming_ == Stemming::kAllZ ? Xapian::TermGenerator::STEM_ALL_Z
                                                                : Xapian::TermGenerator::STEM_SOME);
}

Xapian::Query Analyzer::StemWildcard(const std::string& prefix, const std::string& text,
                                     unsigned max_expansion) const {
  return WildcardOverStems(stemmer_, prefix, text, max_expansion);
}

void Analyzer::AddTextField(Xapian::QueryParser* parser, const std::string& name,
                            const std::string& prefix, unsigned max_wildcard_expansion) const {
  parser->add_prefix(name, prefix);
  if (StemsAllWords()) {
    parser->add_prefix(HiddenWildcardField(name),
                       (new WildcardProcessor(*this, prefix, max_wildcard_expansion))->release());
  }
}

void Analyzer::Configure(Xapian::QueryParser* parser, unsigned max_wildcard_expansion) const {
  parser->set_stemmer(stemmer_);
  parser->set_stemming_strategy(stemming_ == Stemming::kAllZ ? Xapian::QueryParser::STEM_ALL_Z
                                                             : Xapian::QueryParser::STEM_SOME);
  if (stopper_) parser->set_stopper(stopper_.get());
  for (const QueryField& field : kQueryFields) {
    if (field.boolean) {
      if (field.exact_term) {
        parser->add_boolean_prefix(field.name,
                                   (new ExactValueProcessor(field.exact_term))->release());
      } else {
        parser->add_boolean_prefix(field.name, field.prefix);
      }
    } else {
      parser->add_prefix(field.name, field.prefix);
      if (field.exact_term) {
        parser->add_boolean_prefix(ExactValueField(field.name),
                                   (new ExactValueProcessor(field.exact_term))->release());
      }
      if (StemsAllWords()) {
        parser->add_prefix(
            HiddenWildcardField(field.name),
            (new WildcardProcessor(*this, field.prefix, max_wildcard_expansion))->release());
      }
    }
  }
  if (StemsAllWords()) {
    parser->add_prefix(HiddenWildcardField(""),
                       (new WildcardProcessor(*this, "", max_wildcard_expansion))->release());
  }
}

}  // namespace byline
