#include "analysis.h"

#include <iterator>
#include <sstream>

#include "byline/index_layout.h"
#include "byline/schema.h"

namespace byline {
namespace {

// Common English function words, dropped from queries (not from phrases).
constexpr const char* kEnglishStopwords[] = {
    "a",     "about", "above", "after", "again", "against", "all",   "am",    "an",
    "and",   "any",   "are",   "as",    "at",    "be",      "because", "been", "before",
    "being", "below", "between", "both", "but",  "by",      "can",   "could", "did",
    "do",    "does",  "doing", "down",  "during", "each",   "few",   "for",   "from",
    "further", "had", "has",   "have",  "having", "he",     "her",   "here",  "hers",
    "herself", "him", "himself", "his", "how",   "i",       "if",    "in",    "into",
    "is",    "it",    "its",   "itself", "just", "me",      "more",  "most",  "my",
    "myself", "no",   "nor",   "not",   "now",   "of",      "off",   "on",    "once",
    "only",  "or",    "other", "our",   "ours",  "ourselves", "out", "over",  "own",
    "same",  "she",   "should", "so",   "some",  "such",    "than",  "that",  "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to",  "too",   "under", "until",   "up",    "very",  "was",
    "we",    "were",  "what",  "when",  "where", "which",   "while", "who",   "whom",
    "why",   "will",  "with",  "would", "you",   "your",    "yours", "yourself",
    "yourselves"};

}  // namespace

std::string LanguageForNewGeneration(const std::string& dir, const std::string& requested) {
  if (!requested.empty()) return requested;
  IndexLayout layout(dir);
  auto current = layout.CurrentGeneration();
  if (current.ok()) {
    try {
      std::string language =
          Xapian::Database(layout.GenerationPath(*current)).get_metadata(kLanguageMetadataKey);
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

Analyzer::Analyzer(const std::string& language)
    : language_(language),
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
  generator->set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

void Analyzer::Configure(Xapian::QueryParser* parser) const {
  parser->set_stemmer(stemmer_);
  parser->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  if (stopper_) parser->set_stopper(stopper_.get());
  for (const QueryField& field : kQueryFields) {
    if (field.boolean) {
      parser->add_boolean_prefix(field.name, field.prefix);
    } else {
      parser->add_prefix(field.name, field.prefix);
    }
  }
}

}  // namespace byline
