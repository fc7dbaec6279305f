// The index schema: THE one place that says which term prefix and which value
// slot each article field uses. The writer and the searcher both read it, so
// indexing and querying cannot drift apart.
//
// Prefixes follow Xapian's conventions (see "Term Prefixes" in the Xapian
// docs) so that xapian-delve and quest show familiar terms.
#ifndef BYLINE_SCHEMA_H_
#define BYLINE_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace byline::schema {

// --- Free-text prefixes (words, stemmed, positional where phrases matter) ---
inline constexpr char kTitlePrefix[] = "S";    // title:word
inline constexpr char kAuthorPrefix[] = "A";   // author:word
inline constexpr char kSourcePrefix[] = "XS";  // source:word

// --- Boolean (exact, lower-cased) terms used for filters and uniqueness ---
inline constexpr char kIdPrefix[] = "Q";               // unique id, for upserts
inline constexpr char kTagPrefix[] = "K";              // tag:value and tag= filter
inline constexpr char kSourceExactPrefix[] = "XSRC";   // source= filter
inline constexpr char kAuthorExactPrefix[] = "XAUTH";  // author= filter
// Indexes of formats 1 and 2 also hold a term per publication year
// ("Y2024"), month ("M202403") and day ("D20240305"). Nothing ever queried
// them (date filters are ranges over kPublishedSlot), so they are no longer
// written: 3 postings an article. Do not reuse the prefixes Y, M and D.
// "stem next": a title or body word (its stem) followed by the next word (as
// written, lower-cased), for autocomplete; termfreq = articles with the pair.
inline constexpr char kWordPairPrefix[] = "XP";

// --- Declared custom fields (byline/fields.h) ---
// A keyword field's values: kFieldKeywordPrefix + name + ":" + the value
// lower-cased ("XKcategory:world"); field names are [a-z][a-z0-9_]*, so the
// ':' ends the name. A text field's words: the prefix kFieldTextPrefix +
// name + ":" ("XTsummary:", stemmed "ZXTsummary:crisi"); they are also
// indexed as plain words.
inline constexpr char kFieldKeywordPrefix[] = "XK";
inline constexpr char kFieldTextPrefix[] = "XT";

// --- Stemmed terms ---
// Marks a stemmed term: kStemPrefix + stem for a title or body word
// ("Zcomput"), kStemPrefix + field prefix + stem for a field's ("ZScomput").
// Xapian's TermGenerator and QueryParser write and read this same prefix, so
// it is not ours to change: every term of an existing index depends on it.
inline constexpr char kStemPrefix[] = "Z";

// The stemmed term of `stem` in the field of `field_prefix` ("" for title and
// body words): StemTerm("", "comput") is "Zcomput", StemTerm(kTitlePrefix,
// "comput") is "ZScomput".
inline std::string StemTerm(std::string_view field_prefix, std::string_view stem) {
  std::string term(kStemPrefix);
  term.append(field_prefix).append(stem);
  return term;
}

// True for the stem term of a title or body word ("Zcomput"); false for a
// field's ("ZScomput"), a number's ("Z1987") and anything unstemmed.
inline bool IsWordStemTerm(std::string_view term) {
  if (term.size() < 2 || term[0] != kStemPrefix[0]) return false;
  const auto first = static_cast<unsigned char>(term[1]);
  return !(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9');
}

// --- Value slots ---
enum Slot : unsigned {
  kPublishedSlot = 0,  // sortable_serialise(seconds since epoch); absent when unknown
  kSourceSlot = 1,     // source as given, for facets
  kYearSlot = 2,       // "YYYY", for facets
  kTagsSlot = 3,       // tags joined by kListSeparator, for multi-valued facets
  kUrlKeySlot = 4,     // CollapseKeyValue(UrlKey(url)), to collapse duplicates
  kTitleKeySlot = 5,   // CollapseKeyValue(Normalise(title)), to collapse duplicates
  // sortable_serialise(seconds since epoch of the first second of the UTC
  // day published); absent when unknown. The date facet counts over it (one
  // entry per day among the matches, not per second); an index written
  // before it existed lacks it, and the facet then counts kPublishedSlot.
  kPublishedDaySlot = 6,
  // FingerprintValue(TextFingerprint(title, body)) (byline/fingerprint.h),
  // to find near-duplicate articles; absent for an article with no words.
  kFingerprintSlot = 7,
  // The article's word positions as one stream (src/position_stream.h), in
  // an index of format kFirstPositionStreamFormat or later built with
  // kPositionsMetadataKey "stream", which keeps no position table; absent
  // for an article with no positional words.
  kPositionsSlot = 8,
  // Declared field i (in the order of schema::kFieldsMetadataKey) uses slot
  // kFirstFieldSlot + i: keyword values joined by kListSeparator (facets),
  // sortable_serialise(number) for number, of seconds since epoch for date;
  // "1" for text (the article was indexed by it). Slots 9-15 are left for the schema's own fields.
  kFirstFieldSlot = 16,
};

// Separates the items of a multi-valued value slot.
inline constexpr char kListSeparator = '\x1f';

// Weight of a title word relative to a body word (wdf increment).
inline constexpr unsigned kTitleWdf = 3;

// --- Index format ---
// The format of the index this Byline writes, recorded in every database it
// writes under kFormatMetadataKey (a decimal integer). Raise it when a change
// makes indexes that an older Byline would misread, and say here what it
// changed; a Byline refuses an index of a format above its own
// (src/index_format.h).
//   1  every index written before the format was recorded (no key): one
//      database per generation, the article stored as its data, stemming
//      per byline.stemming (absent: the older "some"), custom fields per
//      byline.fields. Still read; a --reindex rewrites it as format 2.
//   2  the same layout with byline.format recorded, written since 0.1.0.
//   3  kUrlKeySlot and kTitleKeySlot hold 8-byte hashes of the keys
//      (CollapseKeyValue), not the keys: a Byline reading format 2 would
//      mix the two forms in an index it updates, and stop collapsing. An
//      update to a format 1 or 2 index keeps writing the keys themselves
//      (kFirstHashedKeysFormat), so it keeps collapsing; --reindex upgrades.
//   4  records kPositionsMetadataKey. An index built with "stream" (a
//      compact index, IndexOptions::positions) keeps word positions per
//      article in kPositionsSlot, not in Xapian's position table (half the
//      index), and checks phrase and NEAR queries against them
//      (src/phrase_check.h); its bulk builds store articles compressed with
//      a zstd dictionary trained on its own (src/data_dictionary.h). An older
//      Byline would match its phrases as plain AND and could not read its
//      articles. "table" is laid out as format 3. A new index is "stream"
//      unless told (a new --shards index's shards "table"). An update to
//      a format 1-3 index keeps writing the position table.
inline constexpr int kIndexFormat = 4;
// The first format whose collapse slots hold hashes.
inline constexpr int kFirstHashedKeysFormat = 3;
// The first format whose positions are in kPositionsSlot.
inline constexpr int kFirstPositionStreamFormat = 4;
// The oldest format this Byline still reads; an older one has to be rebuilt
// with byline-indexer --reindex.
inline constexpr int kOldestReadableIndexFormat = 1;

// --- Index metadata keys (Xapian user metadata the writer records) ---
// The index format it was written with (kIndexFormat); absent: format 1.
inline constexpr char kFormatMetadataKey[] = "byline.format";
// The analysis language ("english", "french", ...).
inline constexpr char kLanguageMetadataKey[] = "byline.language";
// The stemming setting: "all_z", or absent for the older STEM_SOME (see
// Stemming in src/analysis.h).
inline constexpr char kStemmingMetadataKey[] = "byline.stemming";
// The index's own stopword list, one word per line; absent: the language's.
inline constexpr char kStopwordsMetadataKey[] = "byline.stopwords";
// When the last commit happened, in seconds since epoch.
inline constexpr char kLastUpdateMetadataKey[] = "byline.last_update";
// Where word positions are kept (index format 4 on): "stream" for streams
// in kPositionsSlot (IndexOptions::positions); "table" or absent for
// Xapian's position table.
inline constexpr char kPositionsMetadataKey[] = "byline.positions";
// The declared custom fields, one "name:type" line each, in slot order;
// absent when none was declared.
inline constexpr char kFieldsMetadataKey[] = "byline.fields";
// How a site's files get URLs: the base URL and template (FileUrls::Encode),
// so that later updates give the same URLs.
inline constexpr char kFileUrlsMetadataKey[] = "byline.file_urls";
// Drift since the last compaction (byline/auto_compact.h), all decimal:
// what the generation held when it was last compacted or bulk built (by
// CompactIndex or BulkBuilder): its articles, its size in bytes, and when
// (seconds since epoch). Absent in an index compacted before they were
// recorded (or never compacted): see ReadDrift.
inline constexpr char kCompactedArticlesMetadataKey[] = "byline.compacted_articles";
inline constexpr char kCompactedBytesMetadataKey[] = "byline.compacted_bytes";
inline constexpr char kCompactedAtMetadataKey[] = "byline.compacted_at";
// Articles upserted (added or changed) plus deleted by the commits since
// the last compaction; each IndexWriter commit adds its own, a compaction
// or bulk build sets it to 0. Absent: 0.
inline constexpr char kWrittenSinceCompactionMetadataKey[] = "byline.written_since_compaction";

// Lower-cases UTF-8 text (full Unicode, not just ASCII) and trims it.
std::string Normalise(std::string_view text);

// Boolean terms, each truncated to fit Xapian's term length limit.
std::string IdTerm(std::string_view id);
std::string TagTerm(std::string_view tag);
std::string SourceTerm(std::string_view source);
std::string AuthorTerm(std::string_view author);
// The term of keyword `value` of the declared field `field`.
std::string FieldKeywordTerm(std::string_view field, std::string_view value);
// The prefix of the words of the declared text field `field`.
std::string FieldTextPrefix(std::string_view field);
// The kWordPairPrefix term of `next_word` following a word whose stem is
// `first_stem`; both lower-cased. WordPairTerm(stem, "") is the prefix of
// every pair starting with that stem.
std::string WordPairTerm(std::string_view first_stem, std::string_view next_word);

// The key under which urls count as the same page when collapsing: scheme,
// "www.", fragment and a trailing slash dropped, host lower-cased.
std::string UrlKey(std::string_view url);

// What a collapse slot (kUrlKeySlot, kTitleKeySlot) holds for `key` in an
// index of format kFirstHashedKeysFormat or later: the 64-bit FNV-1a hash of
// its bytes, 8 bytes big-endian. Only equality matters for collapsing, and
// a title or URL key was 20-60 bytes (bench/RESULTS.md, "Where the bytes
// are"); two different keys share a hash with a chance of about 2^-64.
std::string CollapseKeyValue(std::string_view key);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_H_
