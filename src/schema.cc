#include "byline/schema.h"

#include <xapian.h>

namespace byline::schema {
namespace {

// Glass refuses terms longer than 245 bytes; keep boolean terms below that,
// cutting on a UTF-8 character boundary.
constexpr size_t kMaxTermBytes = 240;

std::string MakeTerm(const char* prefix, const std::string& value) {
  std::string term = prefix;
  term += value;
  if (term.size() > kMaxTermBytes) {
    size_t cut = kMaxTermBytes;
    while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
    term.resize(cut);
  }
  return term;
}

bool IsSpace(unsigned ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

}  // namespace

std::string Normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  Xapian::Utf8Iterator it(text.data(), text.size()), end;
  bool pending_space = false;
  for (; it != end; ++it) {
    unsigned ch = *it;
    if (IsSpace(ch)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
  }
  return out;
}

std::string IdTerm(std::string_view id) { return MakeTerm(kIdPrefix, std::string(id)); }
std::string WordPairTerm(std::string_view first_stem, std::string_view next_word) {
  std::string value(first_stem);
  value += ' ';
  value += next_word;
  return MakeTerm(kWordPairPrefix, value);
}
std::string TagTerm(std::string_view tag) { return MakeTerm(kTagPrefix, Normalise(tag)); }
std::string SourceTerm(std::string_view source) {
  return MakeTerm(kSourceExactPrefix, Normalise(source));
}
std::string AuthorTerm(std::string_view author) {
  return MakeTerm(kAuthorExactPrefix, Normalise(author));
}

std::string FieldKeywordTerm(std::string_view field, std::string_view value) {
  std::string term(kFieldKeywordPrefix);
  term.append(field).append(":").append(Normalise(value));
  return MakeTerm("", term);
}
std::string FieldTextPrefix(std::string_view field) {
  std::string prefix(kFieldTextPrefix);
  prefix.append(field).append(":");
  return prefix;
}

std::string UrlKey(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  if (auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  size_t host_end = url.find_first_of("/?");
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string key;
  for (size_t i = 0; i < host_end; ++i) {
    char c = url[i];
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (key.rfind("www.", 0) == 0) key.erase(0, 4);
  key.append(url.substr(host_end));
  while (!key.empty() && key.back() == '/') key.pop_back();
  return key;
}

std::string CollapseKeyValue(std::string_view key) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  std::string value(8, '\0');
  for (int i = 7; i >= 0; --i, hash >>= 8) value[static_cast<size_t>(i)] = static_cast<char>(hash);
  return value;
}

}  // namespace byline::schema
