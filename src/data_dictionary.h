// Data dictionaries: the stored articles of an index compressed with a
// dictionary trained on the index's own articles.
//
// Why: each article is stored (and compressed by glass) on its own, and a
// news article of 1-2 KB compresses poorly alone: the words and phrases it
// shares with every other article are spelled out again each time. A zstd
// dictionary trained on a sample of the first articles of a bulk build lets
// each article refer to them instead (and starts it with entropy tables
// fitted to the collection): 24% less stored data than glass's own zlib on
// the benchmark corpora, 8% less than a deflate preset dictionary of the
// most frequent words, and 8 times faster to compress than that was
// (bench/RESULTS.md, "Stored articles compressed with zstd").
//
// A bulk build records its dictionary in the index metadata
// (kDataDictionaryMetadataKey); each article compressed with it names it by
// its id (DataDictionaryId), so the databases of a sharded index may each
// have their own. Readers find a dictionary by id in a process-wide
// registry that every opener fills (RememberDataDictionary).
//
// Thread safety: the registry and DataDictionary objects may be used from
// any thread.
#ifndef BYLINE_SRC_DATA_DICTIONARY_H_
#define BYLINE_SRC_DATA_DICTIONARY_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace byline {

// The metadata key of a database's data dictionary (absent: its articles
// are stored without one).
inline constexpr char kDataDictionaryMetadataKey[] = "byline.data_dictionary";

// The most a trained dictionary holds. Larger ones compress a little better
// (32 KB: 3% more stored data, 112 KB: 1% less on the 22k corpus) and cost
// the same per article. A process that reads the index keeps it, and zstd's
// tables for it (a few hundred KB more where it also writes), until it
// exits. A trained dictionary holds passages of the sampled articles
// verbatim: a deleted article's text may stay in it until a --reindex.
inline constexpr size_t kDataDictionaryBytes = size_t{64} * 1024;

// A zstd dictionary trained on `samples` (stored articles as
// EncodeStoredArticle writes them; the first 128 KB of each), at most
// kDataDictionaryBytes. Deterministic. Empty when the samples are too few
// or too small to train on (glass's own compression is as good as any for
// so little).
std::string BuildDataDictionary(const std::vector<std::string_view>& samples);

// The id articles name their dictionary by: 32-bit FNV-1a of its bytes.
uint32_t DataDictionaryId(std::string_view dictionary);

// A dictionary ready to compress and decompress with.
class DataDictionary {
 public:
  explicit DataDictionary(std::string bytes);
  ~DataDictionary();
  DataDictionary(const DataDictionary&) = delete;
  DataDictionary& operator=(const DataDictionary&) = delete;

  const std::string& bytes() const { return bytes_; }
  uint32_t id() const { return id_; }

  // A zstd frame of `data` (without its size, dictionary id or checksum:
  // stored articles carry the first two); empty when zstd fails.
  // Deterministic.
  std::string Compress(std::string_view data) const;

  // Decompresses what Compress made into exactly `size` bytes; false when
  // `compressed` is damaged or not of that size.
  bool Decompress(std::string_view compressed, size_t size, std::string* out) const;

  // As Decompress, for articles stored before zstd (stored-article version
  // 3, unreleased format-4 indexes): a raw deflate with these bytes preset.
  bool InflateDeflated(std::string_view compressed, size_t size, std::string* out) const;

 private:
  std::string bytes_;
  uint32_t id_;
  // Made on first use: a reader never compresses.
  mutable std::once_flag compress_once_;
  mutable ZSTD_CDict_s* compress_ = nullptr;
  mutable std::once_flag decompress_once_;
  mutable ZSTD_DDict_s* decompress_ = nullptr;
};

// Adds `dictionary` to the registry (or finds it there) and returns it; null
// when it is empty.
std::shared_ptr<const DataDictionary> RememberDataDictionary(const std::string& dictionary);

// Adds the dictionary `db` records, if any. Throws Xapian::Error.
void RememberDataDictionary(const Xapian::Database& db);

// Adds the dictionaries of every local database the index at `dir` lists
// (each shard of a sharded one); what cannot be read is skipped.
void RememberIndexDataDictionaries(const std::string& dir);

// The dictionary of `id` in the registry; null when none is.
std::shared_ptr<const DataDictionary> FindDataDictionary(uint32_t id);

}  // namespace byline

#endif  // BYLINE_SRC_DATA_DICTIONARY_H_
