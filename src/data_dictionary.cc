#include "data_dictionary.h"

#include <zdict.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>

#include "byline/index_layout.h"

namespace byline {
namespace {

// zstd's default level, the one its trainer fits a dictionary's tables to:
// on the 22k corpus levels 1, 2, 4 and 5 stored more, and 6 stored 4% less
// at three times the time.
constexpr int kCompressionLevel = 3;

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

std::unordered_map<uint32_t, std::shared_ptr<const DataDictionary>>& Registry() {
  static std::unordered_map<uint32_t, std::shared_ptr<const DataDictionary>> registry;
  return registry;
}

// One context per thread for each direction, reused for every article:
// making one is most of the cost for a short text.
struct Contexts {
  ZSTD_CCtx* compress = nullptr;
  ZSTD_DCtx* decompress = nullptr;
  ~Contexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

Contexts& ThreadContexts() {
  thread_local Contexts contexts;
  return contexts;
}

}  // namespace

std::string BuildDataDictionary(const std::vector<std::string_view>& samples) {
  // What a dictionary can use of a long article is its start.
  constexpr size_t kMaxSampleBytes = size_t{128} * 1024;
  std::string joined;
  std::vector<size_t> sizes;
  for (std::string_view sample : samples) {
    if (sample.empty()) continue;
    sample = sample.substr(0, kMaxSampleBytes);
    joined.append(sample);
    sizes.push_back(sample.size());
  }
  if (sizes.empty()) return "";
  // The trainer sets a global of libzstd's (its log level) each time: one
  // at a time, as the builds of a sharded index may train at once.
  static std::mutex training;
  std::lock_guard<std::mutex> lock(training);
  std::string dictionary(kDataDictionaryBytes, '\0');
  const size_t made = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(),
                                            sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(made)) return "";
  dictionary.resize(made);
  return dictionary;
}

uint32_t DataDictionaryId(std::string_view dictionary) {
  uint32_t hash = 2166136261u;
  for (char c : dictionary) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

DataDictionary::DataDictionary(std::string bytes)
    : bytes_(std::move(bytes)), id_(DataDictionaryId(bytes_)) {}

DataDictionary::~DataDictionary() {
  ZSTD_freeCDict(compress_);
  ZSTD_freeDDict(decompress_);
}

std::string DataDictionary::Compress(std::string_view data) const {
  std::call_once(compress_once_, [this] {
    compress_ = ZSTD_createCDict(bytes_.data(), bytes_.size(), kCompressionLevel);
  });
  Contexts& contexts = ThreadContexts();
  if (!contexts.compress) {
    contexts.compress = ZSTD_createCCtx();
    if (!contexts.compress) return "";
    // The stored article records the size and the dictionary's id itself.
    ZSTD_CCtx_setParameter(contexts.compress, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(contexts.compress, ZSTD_c_dictIDFlag, 0);
    ZSTD_CCtx_setParameter(contexts.compress, ZSTD_c_checksumFlag, 0);
  }
  // A frame that failed midway would leave the context refusing new ones.
  ZSTD_CCtx_reset(contexts.compress, ZSTD_reset_session_only);
  if (!compress_ || ZSTD_isError(ZSTD_CCtx_refCDict(contexts.compress, compress_))) return "";
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n =
      ZSTD_compress2(contexts.compress, out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n)) return "";
  out.resize(n);
  return out;
}

bool DataDictionary::Decompress(std::string_view compressed, size_t size, std::string* out) const {
  std::call_once(decompress_once_,
                 [this] { decompress_ = ZSTD_createDDict(bytes_.data(), bytes_.size()); });
  Contexts& contexts = ThreadContexts();
  if (!contexts.decompress) contexts.decompress = ZSTD_createDCtx();
  if (!decompress_ || !contexts.decompress) return false;
  // A frame whose blocks do not walk to its end is refused before anything
  // is allocated.
  if (ZSTD_findFrameCompressedSize(compressed.data(), compressed.size()) != compressed.size()) {
    return false;
  }
  // Up to this size (nearly every article) in one call into a buffer of the
  // size; past it the buffer grows as output comes, so a damaged size never
  // costs more memory than the frame holds.
  constexpr size_t kOneCallBytes = size_t{1} << 20;
  if (size <= kOneCallBytes) {
    out->resize(size);
    const size_t n = ZSTD_decompress_usingDDict(contexts.decompress, out->data(), size,
                                                compressed.data(), compressed.size(), decompress_);
    return !ZSTD_isError(n) && n == size;
  }
  ZSTD_DCtx* dctx = contexts.decompress;
  if (ZSTD_isError(ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only)) ||
      ZSTD_isError(ZSTD_DCtx_refDDict(dctx, decompress_))) {
    return false;
  }
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  out->resize(kOneCallBytes);
  size_t produced = 0;
  for (;;) {
    ZSTD_outBuffer o{out->data(), out->size(), produced};
    const size_t left = ZSTD_decompressStream(dctx, &o, &in);
    if (ZSTD_isError(left)) return false;
    produced = o.pos;
    if (left == 0) break;  // the frame is done
    if (produced < out->size()) {
      if (in.pos == in.size) return false;  // cut short
      continue;
    }
    if (out->size() > size) return false;  // more than it should hold
    out->resize(std::min(out->size() * 2, size + 1));
  }
  out->resize(produced);
  return produced == size && in.pos == in.size;
}

bool DataDictionary::InflateDeflated(std::string_view compressed, size_t size,
                                     std::string* out) const {
  // Deflate expands at most 1,032 times: more is damage.
  if (size > 1032 * compressed.size() + 64) return false;
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return false;
  if (inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(bytes_.data()),
                           static_cast<uInt>(bytes_.size())) != Z_OK) {
    inflateEnd(&z);
    return false;
  }
  out->assign(size, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(size);
  const int result = inflate(&z, Z_FINISH);
  const bool ok = result == Z_STREAM_END && z.avail_out == 0 && z.avail_in == 0;
  inflateEnd(&z);
  return ok;
}

std::shared_ptr<const DataDictionary> RememberDataDictionary(const std::string& dictionary) {
  if (dictionary.empty()) return nullptr;
  const uint32_t id = DataDictionaryId(dictionary);
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& slot = Registry()[id];
  if (!slot) slot = std::make_shared<const DataDictionary>(dictionary);
  return slot;
}

void RememberDataDictionary(const Xapian::Database& db) {
  RememberDataDictionary(db.get_metadata(kDataDictionaryMetadataKey));
}

void RememberIndexDataDictionaries(const std::string& dir) {
  IndexLayout layout(dir);
  auto entries = layout.ReadStub();
  if (!entries.ok()) return;
  for (const StubEntry& entry : *entries) {
    if (entry.kind != StubEntry::Kind::kLocal) continue;
    try {
      RememberDataDictionary(Xapian::Database(layout.GenerationPath(entry.path)));
    } catch (const Xapian::Error&) {
      // Its opener reports it.
    }
  }
}

std::shared_ptr<const DataDictionary> FindDataDictionary(uint32_t id) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Registry().find(id);
  return it == Registry().end() ? nullptr : it->second;
}

}  // namespace byline
