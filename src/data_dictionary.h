// Data dictionaries: the stored articles of an index compressed with a
// preset dictionary of the index's own words.
//
// Why: each article is stored (and compressed by glass) on its own, and a
// news article of 1-2 KB compresses poorly alone: the words it shares with
// every other article are spelled out again each time. A deflate preset
// dictionary made of the collection's most frequent words (from a sample of
// the first articles of a bulk build) lets each article refer to them
// instead: 10-17% less stored data on the benchmark corpora (bench/RESULTS.md,
// "The compact index").
//
// A bulk build records its dictionary in the index metadata
// (kDataDictionaryMetadataKey); each article compressed with it names it by
// its id (DataDictionaryId), so the databases of a sharded index may each
// have their own. Readers find a dictionary by id in a process-wide
// registry that every opener fills (RememberDataDictionary).
//
// Thread safety: the registry may be used from any thread.
#ifndef BYLINE_SRC_DATA_DICTIONARY_H_
#define BYLINE_SRC_DATA_DICTIONARY_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

// The metadata key of a database's data dictionary (absent: its articles
// are stored without one).
inline constexpr char kDataDictionaryMetadataKey[] = "byline.data_dictionary";

// The size a dictionary is cut to: the larger, the better it compresses and
// the longer every article takes to compress (zlib hashes the dictionary
// each time).
inline constexpr size_t kDataDictionaryBytes = size_t{16} * 1024;

// A dictionary for texts like `samples`: the words (each with the space
// before it) that would save the most bytes (occurrences x length), the
// most valuable last (deflate's nearest), at most kDataDictionaryBytes.
// Deterministic. Empty when the samples hold no word seen twice.
std::string BuildDataDictionary(const std::vector<std::string_view>& samples);

// The id articles name their dictionary by: 32-bit FNV-1a of its bytes.
uint32_t DataDictionaryId(std::string_view dictionary);

// Adds `dictionary` to the registry (no-op when it is there or empty).
void RememberDataDictionary(const std::string& dictionary);

// Adds the dictionary `db` records, if any. Throws Xapian::Error.
void RememberDataDictionary(const Xapian::Database& db);

// Adds the dictionaries of every local database the index at `dir` lists
// (each shard of a sharded one); what cannot be read is skipped.
void RememberIndexDataDictionaries(const std::string& dir);

// The dictionary of `id` in the registry; null when none is.
std::shared_ptr<const std::string> FindDataDictionary(uint32_t id);

// Raw deflate of `data` with `dictionary` preset.
std::string DeflateWithDictionary(std::string_view data, const std::string& dictionary);

// Inflates what DeflateWithDictionary made into exactly `size` bytes;
// false when `compressed` is damaged or not of that size.
bool InflateWithDictionary(std::string_view compressed, const std::string& dictionary, size_t size,
                           std::string* out);

}  // namespace byline

#endif  // BYLINE_SRC_DATA_DICTIONARY_H_
