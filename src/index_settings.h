// Analysis settings an index carries with it, so that the indexer and every
// searcher use the same ones: a stopword list (metadata) and synonyms
// (Xapian's synonym table, which QueryParser's FLAG_AUTO_SYNONYMS reads).
#ifndef BYLINE_SRC_INDEX_SETTINGS_H_
#define BYLINE_SRC_INDEX_SETTINGS_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "byline/fields.h"
#include "byline/options.h"
#include "byline/status.h"

namespace byline {

// Where a new index keeps word positions when IndexOptions::positions does
// not say: in position streams (a compact index; its size and phrase speed
// are in bench/RESULTS.md, "The compact index").
inline constexpr char kNewIndexPositions[] = "stream";

// `options` for the shards of a new sharded index: positions in Xapian's
// table unless `options` says otherwise, because xapian-tcpsrv, which serves
// shards to other machines, checks phrases only there (docs/scaling.md).
IndexOptions WithShardPositions(IndexOptions options);

// The index's declared custom fields (schema::kFieldsMetadataKey); empty
// when none. Corruption for a declaration this version does not know.
// Throws Xapian::Error.
Result<FieldSchema> ReadFieldSchema(const Xapian::Database& db);

// The declared fields of the index in `dir` as it is now (every shard of a
// sharded one declares the same); empty when there is no index or its live
// generation is gone. An error (naming the index) when it cannot be read,
// and Corruption for a declaration this version does not know.
Result<FieldSchema> ReadLiveFieldSchema(const std::string& dir);

// Records `fields` as the index's declarations (none: the key is removed).
// Throws Xapian::Error.
void WriteFieldSchema(Xapian::WritableDatabase& db, const FieldSchema& fields);

// The index's own stopwords; empty when it has none (the language's apply).
// Throws Xapian::Error.
std::vector<std::string> ReadStopwords(const Xapian::Database& db);

// Replaces the stopword list (empty: back to the language's). Throws
// Xapian::Error.
void WriteStopwords(Xapian::WritableDatabase& db, const std::vector<std::string>& words);

// Replaces all synonyms: every word of a group is a synonym of every other.
// Words are stored as typed and as the stemmed terms queries use. Throws
// Xapian::Error.
void WriteSynonyms(Xapian::WritableDatabase& db,
                   const std::vector<std::vector<std::string>>& groups,
                   const Xapian::Stem& stemmer);

// Copies the stopwords, synonyms and file URLs of `from` into `to`. Throws
// Xapian::Error.
void CopySettings(const Xapian::Database& from, Xapian::WritableDatabase& to);

}  // namespace byline

#endif  // BYLINE_SRC_INDEX_SETTINGS_H_
