// Varints (LEB128: 7 bits a byte, low first, the high bit set on every byte
// but the last), as the stored article and the position stream write them.
//
// Thread safety: pure functions.
#ifndef BYLINE_SRC_VARINT_H_
#define BYLINE_SRC_VARINT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace byline {

inline void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads the varint at `*at` of `s` into `*v` and moves `*at` past it; false
// when `s` ends inside it or it runs past 64 bits.
inline bool GetVarint(std::string_view s, size_t* at, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *at < s.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(s[(*at)++]);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

}  // namespace byline

#endif  // BYLINE_SRC_VARINT_H_
