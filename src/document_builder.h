// Turns an Article into the Xapian::Document the schema describes: stored
// data, free-text terms (title weighted), boolean filter terms and values.
#ifndef BYLINE_SRC_DOCUMENT_BUILDER_H_
#define BYLINE_SRC_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis.h"
#include "byline/article.h"
#include "byline/fields.h"
#include "data_dictionary.h"
#include "word_table.h"

namespace byline {

// False when `doc` (built earlier for `article`) lacks the value of one of
// `fields` the article carries: it was built before the field was declared,
// so an unchanged article is still worth writing again. Shared by the
// writer and its preview (--dry-run), which must count alike.
bool HasDeclaredFields(const FieldSchema& fields, const Article& article,
                       const Xapian::Document& doc);

// The typed values of an article's declared fields that are present, each
// with its field's index in the schema.
using DeclaredValues = std::vector<std::pair<size_t, FieldValue>>;

// Reads each declared field of `article` once. A value of a wrong type is
// left out, and the first such error (as CheckFieldValues gives it) put in
// `*error` when `error` is not null.
DeclaredValues ReadDeclaredValues(const FieldSchema& fields, const Article& article, Status* error);

// As HasDeclaredFields, with the article's values already read.
bool HasDeclaredFields(const DeclaredValues& values, const Xapian::Document& doc);

class DocumentBuilder {
 public:
  // Words are stemmed through `words`, and those of titles and bodies
  // counted there for the spelling data (see WordTable). It must outlive
  // this builder.
  DocumentBuilder(const Analyzer& analyzer, WordTable* words);

  // The index's declared fields, which Build() indexes by their types (see
  // schema.h); others are only stored. None by default.
  void SetFields(FieldSchema fields) { fields_ = std::move(fields); }
  const FieldSchema& fields() const { return fields_; }

  // Whether the collapse slots get hashes of the keys (an index of format
  // schema::kFirstHashedKeysFormat or later; the default) or the keys
  // themselves (an older index being updated), so every article of an
  // index holds its keys alike.
  void SetHashedCollapseKeys(bool hashed) { hashed_collapse_keys_ = hashed; }

  // Whether word positions go into a stream in schema::kPositionsSlot (an
  // index of format schema::kFirstPositionStreamFormat or later; the
  // default) or into Xapian's position table (an older index being
  // updated).
  void SetPositionStreams(bool streams) { position_streams_ = streams; }

  // The dictionary stored articles are compressed with (the index's
  // kDataDictionaryMetadataKey; src/data_dictionary.h); none by default.
  // Registered (RememberDataDictionary) for readers in this process too.
  void SetDataDictionary(const std::string& dictionary);

  // What Build stores for `article`: EncodeStoredArticle, compressed with
  // the data dictionary when there is one.
  std::string EncodeData(const Article& article) const;

  // REQUIRES: ValidateArticle(article).ok(); declared fields of a wrong type
  // (CheckFieldValues) are left out.
  Xapian::Document Build(const Article& article);
  // The same, with `data` == EncodeStoredArticle(article) already at hand.
  Xapian::Document Build(const Article& article, const std::string& data);
  // The same, with `values` == ReadDeclaredValues(fields(), article, ...).
  Xapian::Document Build(const Article& article, const std::string& data,
                         const DeclaredValues& values);

  // Counts the article's spelling words in the WordTable exactly as Build()
  // does, building nothing else (for articles about to be replaced or deleted).
  void CountSpelledWords(const Article& article);

 private:
  // Indexes unprefixed text, whose words go into the spelling data.
  void IndexSpelledText(const std::string& text, Xapian::termcount wdf_inc);

  // Adds the kWordPairPrefix terms of `text` to `doc`: each word followed,
  // within a clause, by the next, where `text` has that pair at least
  // `min_count` times (see AddWordPairs in the .cc for which pairs).
  void AddWordPairs(const std::string& text, unsigned min_count, Xapian::Document* doc);

  // Adds the terms and values of the article's declared fields.
  void AddDeclaredFields(const DeclaredValues& values, Xapian::Document* doc);

  Xapian::TermGenerator generator_;
  FieldSchema fields_;
  bool hashed_collapse_keys_ = true;
  bool position_streams_ = true;
  std::shared_ptr<const DataDictionary> data_dictionary_;  // null: none
  WordTable* words_;                                       // not owned
  std::vector<std::string> pairs_;                         // AddWordPairs' scratch
  std::unordered_set<std::string> stopwords_;              // the language's: paired with nothing
};

}  // namespace byline

#endif  // BYLINE_SRC_DOCUMENT_BUILDER_H_
