// Character sets of input files: UTF-8 is read as it is; a page in another
// charset (declared by a byte order mark or a <meta> tag) is converted to
// UTF-8 with iconv before it is parsed.
#ifndef BYLINE_SRC_INGEST_CHARSET_H_
#define BYLINE_SRC_INGEST_CHARSET_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "byline/status.h"

namespace byline::ingest {

// The offset of the first byte of `text` that is not part of well-formed
// UTF-8 (IsValidUtf8), or npos when all of it is.
size_t InvalidUtf8Offset(std::string_view text);

// Where the byte at `offset` of `text` is: "line L, byte B" (both 1-based;
// B counts from the start of the file).
std::string PlaceOf(std::string_view text, size_t offset);

// The charset an HTML page's <meta charset> or <meta http-equiv=
// "Content-Type" content="...; charset=..."> declares in its first 8 KB
// (comments skipped); "" when none does.
std::string DeclaredCharset(std::string_view html);

// The iconv name of a charset label as pages write it, lower or upper case:
// WHATWG's aliases are followed, so "iso-8859-1", "latin1" and "us-ascii"
// mean windows-1252, "shift_jis" Microsoft's CP932, "euc-kr" CP949 and
// "gb2312" GBK; any other label is passed on as it is (upper-cased). ""
// for a label no charset is named like (spaces, slashes, over 40 bytes).
std::string IconvCharsetName(std::string_view label);

// `bytes` in `iconv_name`, as UTF-8. A byte sequence the charset does not
// define becomes U+FFFD, as browsers show it. InvalidArgument when iconv
// does not know the charset.
Result<std::string> ConvertToUtf8(std::string_view bytes, const std::string& iconv_name);

// An HTML page's bytes as UTF-8, the text to parse: a byte order mark
// (UTF-8, UTF-16LE or UTF-16BE) says the encoding and is dropped; else
// bytes that are valid UTF-8 are read as they are, whatever the page
// declares (mislabelled UTF-8 pages are common, legacy text that is also
// valid UTF-8 is not); else the charset the page declares is converted
// from. The result points into `raw` or into `*storage`. InvalidArgument
// (for "FILE: reason") for NUL bytes, an unknown charset, or bytes that are
// not UTF-8 in a page that declares no charset (saying where).
Result<std::string_view> DecodeHtmlBytes(std::string_view raw, std::string* storage);

// A text or Markdown file's bytes as UTF-8: UTF-16 with a byte order mark
// is converted, a UTF-8 mark dropped; otherwise the bytes must be UTF-8.
// InvalidArgument for NUL bytes ("not a `what` file") or bytes that are not
// UTF-8 (saying where).
Result<std::string_view> DecodeTextBytes(std::string_view raw, std::string* storage,
                                         const char* what);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_CHARSET_H_
