#include "data_dictionary.h"

#include <zlib.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "byline/index_layout.h"

namespace byline {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

std::unordered_map<uint32_t, std::shared_ptr<const std::string>>& Registry() {
  static std::unordered_map<uint32_t, std::shared_ptr<const std::string>> registry;
  return registry;
}

}  // namespace

std::string BuildDataDictionary(const std::vector<std::string_view>& samples) {
  std::map<std::string_view, uint64_t> counts;
  for (std::string_view text : samples) {
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      const size_t start = i;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      // With the space before it (or the start of the text), as it recurs.
      if (i > start) ++counts[text.substr(start > 0 ? start - 1 : start, i - start + (start > 0))];
    }
  }
  std::vector<std::pair<uint64_t, std::string_view>> ranked;
  for (const auto& [word, count] : counts) {
    if (count >= 2) ranked.emplace_back(count * word.size(), word);
  }
  // Most valuable first; ties by the word, so the result is deterministic.
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string_view> chosen;
  size_t bytes = 0;
  for (const auto& [value, word] : ranked) {
    if (bytes + word.size() > kDataDictionaryBytes) break;
    chosen.push_back(word);
    bytes += word.size();
  }
  std::string dictionary;
  dictionary.reserve(bytes);
  for (auto it = chosen.rbegin(); it != chosen.rend(); ++it) dictionary.append(*it);
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

void RememberDataDictionary(const std::string& dictionary) {
  if (dictionary.empty()) return;
  const uint32_t id = DataDictionaryId(dictionary);
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& slot = Registry()[id];
  if (!slot) slot = std::make_shared<const std::string>(dictionary);
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

std::shared_ptr<const std::string> FindDataDictionary(uint32_t id) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Registry().find(id);
  return it == Registry().end() ? nullptr : it->second;
}

std::string DeflateWithDictionary(std::string_view data, const std::string& dictionary) {
  // One stream per thread, reset for each article: setting it up is most
  // of the cost for a short text.
  struct Stream {
    z_stream z{};
    bool ready = false;
    ~Stream() {
      if (ready) deflateEnd(&z);
    }
  };
  thread_local Stream stream;
  if (!stream.ready) {
    if (deflateInit2(&stream.z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      return "";
    }
    stream.ready = true;
  } else {
    deflateReset(&stream.z);
  }
  z_stream& z = stream.z;
  deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                       static_cast<uInt>(dictionary.size()));
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) return "";
  out.resize(out.size() - z.avail_out);
  return out;
}

bool InflateWithDictionary(std::string_view compressed, const std::string& dictionary, size_t size,
                           std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return false;
  if (inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                           static_cast<uInt>(dictionary.size())) != Z_OK) {
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

}  // namespace byline
