#include "document_builder.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "byline/dates.h"
#include "byline/fingerprint.h"
#include "byline/schema.h"
#include "data_dictionary.h"
#include "position_stream.h"
#include "stored_article.h"
#include "text_words.h"

namespace byline {
namespace {

// A pair of words counts for a body that has it at least this often.
constexpr unsigned kMinBodyPairs = 2;

// The first second of the UTC day holding `seconds`.
int64_t DayStartSeconds(int64_t seconds) {
  constexpr int64_t kDay = 86400;
  const int64_t day = seconds >= 0 ? seconds / kDay : -((-seconds + kDay - 1) / kDay);
  return day * kDay;
}

}  // namespace

DocumentBuilder::DocumentBuilder(const Analyzer& analyzer, WordTable* words)
    : words_(words), stopwords_(analyzer.stopwords().begin(), analyzer.stopwords().end()) {
  analyzer.Configure(&generator_);
  words_->Attach(&generator_, analyzer.stemmer());
}

// Autocomplete ranks the completions of "event l" by how many articles have
// "event" followed by each. To keep the index small, a pair is recorded only
// where it says something: two plain words (see TextWord) standing together
// with nothing but spaces between them (no punctuation, so not across
// sentences or clauses), neither a stopword of the language, a number
// (starting with a digit) or a single character; and in a body only a pair
// the body has at least kMinBodyPairs times (the article is about it), in a
// title any. The first word is stemmed ("events loop" counts for "event l"
// too), the second kept as written, lower-cased, since it is the completion
// shown. Each pair is one boolean term per article.
void DocumentBuilder::AddWordPairs(const std::string& text, unsigned min_count,
                                   Xapian::Document* doc) {
  pairs_.clear();
  std::string previous_stem;  // empty: no word to pair the next with
  ForEachTextWord(text, [&](const TextWord& w) {
    const bool pairable = w.plain && w.lower.size() > 1 &&
                          !(w.lower[0] >= '0' && w.lower[0] <= '9') &&
                          stopwords_.count(w.lower) == 0;
    if (!pairable) {
      previous_stem.clear();
      return;
    }
    if (w.follows && !previous_stem.empty()) {
      pairs_.push_back(schema::WordPairTerm(previous_stem, w.lower));
    }
    previous_stem = words_->Stem(w.lower);
  });
  if (min_count > 1) std::sort(pairs_.begin(), pairs_.end());
  for (size_t i = 0; i < pairs_.size();) {
    size_t j = i + 1;
    while (j < pairs_.size() && pairs_[j] == pairs_[i]) ++j;
    if (j - i >= min_count) doc->add_boolean_term(pairs_[i]);
    i = j;
  }
}

void DocumentBuilder::IndexSpelledText(const std::string& text, Xapian::termcount wdf_inc) {
  words_->set_counting(true);
  generator_.index_text(text, wdf_inc);
  words_->set_counting(false);
}

void DocumentBuilder::AddDeclaredFields(const DeclaredValues& values, Xapian::Document* doc) {
  using namespace schema;
  for (const auto& [index, value] : values) {
    const FieldSpec& spec = fields_[index];
    const std::string& name = spec.name;
    const Xapian::valueno slot = kFirstFieldSlot + static_cast<Xapian::valueno>(index);
    switch (spec.type) {
      case FieldType::kKeyword: {
        std::string joined;
        for (const std::string& keyword : value.keywords) {
          doc->add_boolean_term(FieldKeywordTerm(name, keyword));
          if (!joined.empty()) joined += kListSeparator;
          joined += keyword;
        }
        doc->add_value(slot, joined);
        break;
      }
      case FieldType::kNumber:
      case FieldType::kDate:
        doc->add_value(slot, Xapian::sortable_serialise(value.number));
        break;
      case FieldType::kText:
        // The slot only says the article was indexed by the field (see
        // HasDeclaredFields).
        doc->add_value(slot, "1");
        // Searchable as plain words (not spelling data) and under its prefix.
        generator_.increase_termpos();
        generator_.index_text(value.text);
        generator_.increase_termpos();
        generator_.index_text(value.text, 1, FieldTextPrefix(name));
        break;
    }
  }
}

DeclaredValues ReadDeclaredValues(const FieldSchema& fields, const Article& a, Status* error) {
  DeclaredValues values;
  if (fields.empty()) return values;
  for (const auto& [name, json_text] : a.extra_fields) {
    const int index = FieldIndex(fields, name);
    if (index < 0) continue;  // only stored
    auto value = ReadFieldValue(fields[static_cast<size_t>(index)], json_text);
    if (!value.ok()) {
      if (error != nullptr && error->ok()) *error = value.status();
      continue;
    }
    if (value->present) values.emplace_back(static_cast<size_t>(index), std::move(value).value());
  }
  return values;
}

bool HasDeclaredFields(const DeclaredValues& values, const Xapian::Document& doc) {
  for (const auto& [index, value] : values) {
    if (doc.get_value(schema::kFirstFieldSlot + static_cast<Xapian::valueno>(index)).empty()) {
      return false;
    }
  }
  return true;
}

bool HasDeclaredFields(const FieldSchema& fields, const Article& a, const Xapian::Document& doc) {
  if (fields.empty()) return true;
  for (const auto& [name, json_text] : a.extra_fields) {
    const int index = FieldIndex(fields, name);
    if (index < 0) continue;
    // A value in the slot says the document was indexed by the field; only
    // a missing one needs the article's value read (a null or empty one
    // leaves the slot empty too).
    if (!doc.get_value(schema::kFirstFieldSlot + static_cast<Xapian::valueno>(index)).empty()) {
      continue;
    }
    auto value = ReadFieldValue(fields[static_cast<size_t>(index)], json_text);
    if (value.ok() && value->present) return false;
  }
  return true;
}

void DocumentBuilder::SetDataDictionary(const std::string& dictionary) {
  auto registered = RememberDataDictionary(dictionary);
  // Another dictionary of the same id came first (a 32-bit collision): the
  // articles would name the wrong one, so they are stored as they are.
  data_dictionary_ = registered && registered->bytes() == dictionary ? registered : nullptr;
}

std::string DocumentBuilder::EncodeData(const Article& a) const {
  return CompressStoredArticle(EncodeStoredArticle(a), data_dictionary_.get());
}

Xapian::Document DocumentBuilder::Build(const Article& a) { return Build(a, EncodeData(a)); }

void DocumentBuilder::CountSpelledWords(const Article& a) {
  // The words are counted per occurrence, whatever their weight or position.
  Xapian::Document scratch;
  generator_.set_document(scratch);
  words_->set_counting(true);
  generator_.index_text_without_positions(a.title);
  generator_.index_text_without_positions(a.body);
  words_->set_counting(false);
}

Xapian::Document DocumentBuilder::Build(const Article& a, const std::string& data) {
  if (fields_.empty() || a.extra_fields.empty()) return Build(a, data, DeclaredValues());
  return Build(a, data, ReadDeclaredValues(fields_, a, nullptr));
}

Xapian::Document DocumentBuilder::Build(const Article& a, const std::string& data,
                                        const DeclaredValues& values) {
  using namespace schema;
  Xapian::Document doc;
  doc.set_data(data);
  doc.add_boolean_term(IdTerm(a.id));

  // With streams, the words' positions move into a stream at the end.
  generator_.set_document(doc);
  // Title words count kTitleWdf times as much as body words, and are also
  // searchable on their own with title:.
  IndexSpelledText(a.title, kTitleWdf);
  generator_.index_text(a.title, 1, kTitlePrefix);
  generator_.increase_termpos();  // no phrase spans title and body
  IndexSpelledText(a.body, 1);
  AddWordPairs(a.title, 1, &doc);
  AddWordPairs(a.body, kMinBodyPairs, &doc);
  if (!a.author.empty()) {
    generator_.index_text(a.author, 1, kAuthorPrefix);
    doc.add_boolean_term(AuthorTerm(a.author));
  }
  if (!a.source.empty()) {
    generator_.index_text_without_positions(a.source, 1, kSourcePrefix);
    doc.add_boolean_term(SourceTerm(a.source));
    doc.add_value(kSourceSlot, a.source);
  }

  std::string tags_value;
  for (const auto& tag : a.tags) {
    doc.add_boolean_term(TagTerm(tag));
    if (!tags_value.empty()) tags_value += kListSeparator;
    tags_value += tag;
  }
  if (!tags_value.empty()) doc.add_value(kTagsSlot, tags_value);

  if (!a.published.empty()) {
    auto when = PublishedSeconds(a.published);
    if (when.ok()) {
      // Date filters are ranges over this value (no year, month or day
      // terms: nothing queried them, see schema.h).
      doc.add_value(kPublishedSlot, Xapian::sortable_serialise(static_cast<double>(*when)));
      doc.add_value(kYearSlot, FormatIsoDay(*when).substr(0, 4));
      doc.add_value(kPublishedDaySlot,
                    Xapian::sortable_serialise(static_cast<double>(DayStartSeconds(*when))));
    }
  }
  if (auto fingerprint = TextFingerprint(a.title, a.body)) {
    doc.add_value(kFingerprintSlot, FingerprintValue(*fingerprint));
  }
  auto collapse_key = [this](std::string key) {
    return hashed_collapse_keys_ ? CollapseKeyValue(key) : std::move(key);
  };
  if (!a.url.empty()) doc.add_value(kUrlKeySlot, collapse_key(UrlKey(a.url)));
  doc.add_value(kTitleKeySlot, collapse_key(Normalise(a.title)));
  if (!values.empty()) AddDeclaredFields(values, &doc);
  if (position_streams_) {
    std::string stream = MovePositionsToStream(&doc);
    if (!stream.empty()) doc.add_value(kPositionsSlot, stream);
  }
  return doc;
}

}  // namespace byline
