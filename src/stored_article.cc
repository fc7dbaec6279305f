#include "stored_article.h"

#include <cstdint>

#include "data_dictionary.h"
#include "varint.h"

namespace byline {
namespace {

// Version 1 has no extra fields; version 2 (written only for articles that
// have some, so others stay as they were) holds them before the body.
constexpr char kFormatVersion = 1;
constexpr char kFormatVersionWithFields = 2;
// Versions 3 and 4 wrap a version 1 or 2 layout compressed with a data
// dictionary (src/data_dictionary.h): the dictionary's id (4 bytes,
// little-endian), the layout's size (varint), then the layout compressed:
// with zstd in version 4, a raw deflate in version 3 (written only by
// unreleased builds of index format 4, still read).
constexpr char kFormatVersionDeflated = 3;
constexpr char kFormatVersionCompressed = 4;
// A stored article larger than this is damaged (bodies are far smaller).
constexpr uint64_t kMaxStoredBytes = uint64_t{1} << 30;

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Varint(uint64_t* v) { return GetVarint(data_, &pos_, v); }
  bool String(std::string* s) {
    uint64_t n;
    if (!Varint(&n) || n > data_.size() - pos_) return false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool Byte(char* c) {
    if (pos_ >= data_.size()) return false;
    *c = data_[pos_++];
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }
  size_t position() const { return pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

std::string EncodeStoredArticle(const Article& a) {
  std::string out;
  out.reserve(a.body.size() + a.title.size() + a.url.size() + 64);
  out.push_back(a.extra_fields.empty() ? kFormatVersion : kFormatVersionWithFields);
  for (const std::string* field :
       {&a.id, &a.title, &a.url, &a.published, &a.source, &a.author, &a.lang}) {
    PutString(&out, *field);
  }
  PutVarint(&out, a.tags.size());
  for (const auto& tag : a.tags) PutString(&out, tag);
  if (!a.extra_fields.empty()) {
    PutVarint(&out, a.extra_fields.size());
    for (const auto& [name, value] : a.extra_fields) {
      PutString(&out, name);
      PutString(&out, value);
    }
  }
  PutString(&out, a.body);  // last: the largest field
  return out;
}

std::string CompressStoredArticle(const std::string& data, const DataDictionary* dictionary) {
  if (!dictionary) return data;
  std::string compressed = dictionary->Compress(data);
  if (compressed.empty()) return data;
  std::string out(1, kFormatVersionCompressed);
  const uint32_t id = dictionary->id();
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<char>((id >> shift) & 0xff));
  PutVarint(&out, data.size());
  out += compressed;
  // Only where it saves: the layout as it is otherwise.
  return out.size() < data.size() ? out : data;
}

namespace {

bool IsCompressed(std::string_view data) {
  return !data.empty() &&
         (data[0] == kFormatVersionCompressed || data[0] == kFormatVersionDeflated);
}

// The layout inside a compressed stored article; false when it cannot be
// read (damaged, or its dictionary is not registered).
bool Uncompress(std::string_view data, std::string* inner) {
  if (data.size() < 5) return false;
  uint32_t id = 0;
  for (int i = 0; i < 4; ++i) id |= uint32_t{static_cast<unsigned char>(data[1 + i])} << (8 * i);
  Reader r(data.substr(5));
  uint64_t size;
  if (!r.Varint(&size) || size > kMaxStoredBytes) return false;
  const auto dictionary = FindDataDictionary(id);
  if (!dictionary) return false;
  const std::string_view compressed = data.substr(5 + r.position());
  const bool read = data[0] == kFormatVersionCompressed
                        ? dictionary->Decompress(compressed, size, inner)
                        : dictionary->InflateDeflated(compressed, size, inner);
  return read && !IsCompressed(*inner);
}

}  // namespace

bool SameStoredArticle(std::string_view stored, const std::string& data) {
  if (!IsCompressed(stored)) return stored == data;
  std::string inner;
  return Uncompress(stored, &inner) && inner == data;
}

bool StoredArticleMayHaveExtraFields(std::string_view data) {
  return data.empty() || data[0] != kFormatVersion;
}

bool DecodeStoredArticle(std::string_view data, Article* a) {
  if (IsCompressed(data)) {
    std::string inner;
    return Uncompress(data, &inner) && DecodeStoredArticle(inner, a);
  }
  Reader r(data);
  char version;
  if (!r.Byte(&version) || (version != kFormatVersion && version != kFormatVersionWithFields)) {
    return false;
  }
  for (std::string* field :
       {&a->id, &a->title, &a->url, &a->published, &a->source, &a->author, &a->lang}) {
    if (!r.String(field)) return false;
  }
  uint64_t ntags;
  if (!r.Varint(&ntags) || ntags > data.size()) return false;
  a->tags.resize(ntags);
  for (auto& tag : a->tags) {
    if (!r.String(&tag)) return false;
  }
  a->extra_fields.clear();
  if (version == kFormatVersionWithFields) {
    uint64_t nfields;
    if (!r.Varint(&nfields) || nfields > data.size()) return false;
    a->extra_fields.resize(nfields);
    for (auto& [name, value] : a->extra_fields) {
      if (!r.String(&name) || !r.String(&value)) return false;
    }
  }
  return r.String(&a->body) && r.AtEnd();
}

}  // namespace byline
