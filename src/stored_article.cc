#include "stored_article.h"

#include <cstdint>

namespace byline {
namespace {

// Version 1 has no extra fields; version 2 (written only for articles that
// have some, so others stay as they were) holds them before the body.
constexpr char kFormatVersion = 1;
constexpr char kFormatVersionWithFields = 2;

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      *v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
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

bool StoredArticleMayHaveExtraFields(std::string_view data) {
  return data.empty() || data[0] != kFormatVersion;
}

bool DecodeStoredArticle(std::string_view data, Article* a) {
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
