#include "ingest/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "byline/article.h"
#include "ingest/text_util.h"

namespace byline::ingest {
namespace {

// How many bytes of a page the <meta> declaring its charset is looked for in.
constexpr size_t kCharsetScanBytes = 8192;

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool StartsWithNoCase(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(s[at + i]) != prefix[i]) return false;
  }
  return true;
}

// The value after "charset=" in a Content-Type, e.g. "text/html; charset=utf-8".
std::string CharsetOfContentType(std::string_view content) {
  const std::string lower = Lower(content);
  size_t at = lower.find("charset");
  while (at != std::string::npos) {
    size_t p = at + 7;
    while (p < lower.size() && IsSpace(lower[p])) ++p;
    if (p < lower.size() && lower[p] == '=') {
      ++p;
      while (p < lower.size() && IsSpace(lower[p])) ++p;
      if (p < lower.size() && (lower[p] == '"' || lower[p] == '\'')) ++p;
      size_t end = p;
      while (end < lower.size() && !IsSpace(lower[end]) && lower[end] != ';' && lower[end] != '"' &&
             lower[end] != '\'') {
        ++end;
      }
      return std::string(content.substr(p, end - p));
    }
    at = lower.find("charset", at + 7);
  }
  return "";
}

// Appends U+FFFD, the replacement character.
void AppendReplacement(std::string* out) { out->append("\xEF\xBF\xBD"); }

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

size_t InvalidUtf8Offset(std::string_view text) {
  if (IsValidUtf8(text)) return std::string_view::npos;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (len > text.size() - i || !IsValidUtf8(text.substr(i, len))) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string PlaceOf(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return "line " + std::to_string(line) + ", byte " + std::to_string(offset + 1);
}

std::string DeclaredCharset(std::string_view html) {
  html = html.substr(0, kCharsetScanBytes);
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') continue;
    if (html.compare(i, 4, "<!--") == 0) {  // a comment may mention <meta>
      size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) return "";
      i = end + 2;
      continue;
    }
    if (!StartsWithNoCase(html, i, "<meta") || i + 5 >= html.size() ||
        !(IsSpace(html[i + 5]) || html[i + 5] == '/')) {
      continue;
    }
    // The attributes of this <meta>.
    std::string charset, http_equiv, content;
    size_t p = i + 5;
    while (p < html.size() && html[p] != '>') {
      if (IsSpace(html[p]) || html[p] == '/') {
        ++p;
        continue;
      }
      size_t name_start = p;
      while (p < html.size() && !IsSpace(html[p]) && html[p] != '=' && html[p] != '>' &&
             html[p] != '/') {
        ++p;
      }
      const std::string name = Lower(html.substr(name_start, p - name_start));
      while (p < html.size() && IsSpace(html[p])) ++p;
      std::string value;
      if (p < html.size() && html[p] == '=') {
        ++p;
        while (p < html.size() && IsSpace(html[p])) ++p;
        if (p < html.size() && (html[p] == '"' || html[p] == '\'')) {
          const char quote = html[p++];
          size_t end = html.find(quote, p);
          if (end == std::string_view::npos) end = html.size();
          value = std::string(html.substr(p, end - p));
          p = end + 1;
        } else {
          size_t start = p;
          while (p < html.size() && !IsSpace(html[p]) && html[p] != '>') ++p;
          value = std::string(html.substr(start, p - start));
        }
      }
      if (name == "charset" && charset.empty()) charset = value;
      if (name == "http-equiv") http_equiv = Lower(value);
      if (name == "content") content = value;
    }
    std::string_view found = charset;
    std::string from_content;
    if (found.empty() && http_equiv == "content-type") {
      from_content = CharsetOfContentType(content);
      found = from_content;
    }
    while (!found.empty() && IsSpace(found.front())) found.remove_prefix(1);
    while (!found.empty() && IsSpace(found.back())) found.remove_suffix(1);
    if (!found.empty()) return std::string(found);
    i = p;
  }
  return "";
}

std::string IconvCharsetName(std::string_view label) {
  const std::string name = Lower(label);
  if (name.empty() || name.size() > 40) return "";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return "";
  }
  struct Alias {
    const char* iconv_name;
    std::initializer_list<const char*> labels;
  };
  // WHATWG Encoding Standard labels whose meaning differs from iconv's, or
  // that iconv does not know.
  static const Alias kAliases[] = {
      {"UTF-8",
       {"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
        // A <meta> read as ASCII cannot truly mean UTF-16: WHATWG reads it as UTF-8.
        "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2"}},
      {"WINDOWS-1252",
       {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
        "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
        "us-ascii", "windows-1252", "x-cp1252"}},
      {"WINDOWS-1254",
       {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
        "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"}},
      {"WINDOWS-874",
       {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"}},
      {"GBK",
       {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
        "iso-ir-58", "x-gbk"}},
      {"CP949",
       {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
        "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"}},
      {"CP932",
       {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
        "x-sjis"}},
      {"BIG5-HKSCS", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}},
      {"KOI8-U", {"koi8-ru", "koi8-u"}},
      {"MACINTOSH", {"csmacintosh", "mac", "macintosh", "x-mac-roman"}},
  };
  for (const Alias& alias : kAliases) {
    for (const char* l : alias.labels) {
      if (name == l) return alias.iconv_name;
    }
  }
  std::string upper = name;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

Result<std::string> ConvertToUtf8(std::string_view bytes, const std::string& iconv_name) {
  iconv_t raw_cd = iconv_open("UTF-8", iconv_name.c_str());
  // iconv_open says "failed" with (iconv_t)-1, an integer made a pointer.
  if (raw_cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return Status::InvalidArgument("charset \"" + iconv_name + "\" is not known to iconv");
  }
  std::unique_ptr<void, IconvCloser> cd(raw_cd);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2 + 16);
  char buffer[16384];
  // iconv's interface takes char** for input it does not change.
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* to = buffer;
    size_t to_left = sizeof buffer;
    size_t rc = iconv(raw_cd, &in, &in_left, &to, &to_left);
    out.append(buffer, static_cast<size_t>(to - buffer));
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;  // the buffer was full
    // EILSEQ: bytes the charset does not define; EINVAL: a sequence cut off
    // by the end. Either is one replacement character, as browsers show it.
    AppendReplacement(&out);
    if (errno == EINVAL) break;
    ++in;
    --in_left;
    iconv(raw_cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
  }
  char* to = buffer;
  size_t to_left = sizeof buffer;
  iconv(raw_cd, nullptr, nullptr, &to, &to_left);  // a stateful charset's closing bytes
  out.append(buffer, static_cast<size_t>(to - buffer));
  return out;
}

namespace {

// A UTF-16 byte order mark: the text after it converted; false when there
// is none.
bool FromUtf16Bom(std::string_view raw, std::string* storage) {
  const char* charset = nullptr;
  if (raw.size() >= 2 && raw[0] == '\xFF' && raw[1] == '\xFE') charset = "UTF-16LE";
  if (raw.size() >= 2 && raw[0] == '\xFE' && raw[1] == '\xFF') charset = "UTF-16BE";
  if (charset == nullptr) return false;
  auto converted = ConvertToUtf8(raw.substr(2), charset);
  *storage = converted.ok() ? std::move(converted).value() : std::string();
  return true;
}

Status NotUtf8(std::string_view text, size_t offset, const std::string& advice) {
  return Status::InvalidArgument("not valid UTF-8 at " + PlaceOf(text, offset) + " (" + advice +
                                 ")");
}

}  // namespace

Result<std::string_view> DecodeHtmlBytes(std::string_view raw, std::string* storage) {
  if (FromUtf16Bom(raw, storage)) return std::string_view(*storage);
  const bool utf8_bom = raw.substr(0, 3) == "\xEF\xBB\xBF";
  std::string_view text = utf8_bom ? raw.substr(3) : raw;
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(
        "binary data (NUL bytes), not an HTML file (a UTF-16 page needs a byte order mark)");
  }
  const size_t bad = InvalidUtf8Offset(text);
  if (bad == std::string_view::npos) return text;
  if (utf8_bom) {
    return NotUtf8(raw, bad + 3, "its byte order mark says UTF-8");
  }
  const std::string declared = DeclaredCharset(text);
  if (declared.empty()) {
    return NotUtf8(text, bad,
                   "the page declares no charset: add <meta charset=\"...\"> or convert it "
                   "to UTF-8");
  }
  const std::string iconv_name = IconvCharsetName(declared);
  if (iconv_name == "UTF-8") {
    return NotUtf8(text, bad, "the page declares charset \"" + declared + "\"");
  }
  auto converted = iconv_name.empty() ? Result<std::string>(Status::InvalidArgument(""))
                                      : ConvertToUtf8(text, iconv_name);
  if (!converted.ok()) {
    return Status::InvalidArgument("the page declares charset \"" + declared +
                                   "\", which iconv does not know, and is not UTF-8 (" +
                                   PlaceOf(text, bad) + ")");
  }
  *storage = std::move(converted).value();
  return std::string_view(*storage);
}

Result<std::string_view> DecodeTextBytes(std::string_view raw, std::string* storage,
                                         const char* what) {
  if (FromUtf16Bom(raw, storage)) return std::string_view(*storage);
  const std::string_view text = StripBom(raw);
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string("binary data (NUL bytes), not a ") + what +
                                   " file (a UTF-16 file needs a byte order mark)");
  }
  const size_t bad = InvalidUtf8Offset(text);
  if (bad != std::string_view::npos) {
    return NotUtf8(raw, bad + (raw.size() - text.size()),
                   "convert the file to UTF-8, e.g. iconv -f windows-1252 -t utf-8");
  }
  return text;
}

}  // namespace byline::ingest
