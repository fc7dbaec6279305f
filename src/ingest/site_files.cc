#include "byline/site_files.h"

#include <fnmatch.h>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace byline {
namespace {

constexpr std::string_view kPlaceholders[] = {"base", "path", "page", "dir", "name", "stem", "ext"};

bool IsKnownPlaceholder(std::string_view name) {
  for (std::string_view known : kPlaceholders) {
    if (name == known) return true;
  }
  return false;
}

bool HasControlOrSpace(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Non-ASCII bytes percent-encoded (as UTF-8 is in a URL), the rest kept.
std::string EncodeNonAscii(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool SegmentMatches(std::string_view pattern, std::string_view segment) {
  return fnmatch(std::string(pattern).c_str(), std::string(segment).c_str(), 0) == 0;
}

// Segment-wise match, a "**" segment standing for any number of segments.
bool MatchSegments(const std::vector<std::string_view>& pattern, size_t p,
                   const std::vector<std::string_view>& path, size_t s) {
  while (p < pattern.size()) {
    if (pattern[p] == "**") {
      // Collapse runs of "**"; then try every split.
      while (p + 1 < pattern.size() && pattern[p + 1] == "**") ++p;
      for (size_t k = s; k <= path.size(); ++k) {
        if (MatchSegments(pattern, p + 1, path, k)) return true;
      }
      return false;
    }
    if (s >= path.size() || !SegmentMatches(pattern[p], path[s])) return false;
    ++p;
    ++s;
  }
  return s == path.size();
}

bool HasScheme(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return false;
  for (size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

// `path` (starting with '/') without "." and ".." segments.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> kept;
  size_t start = 1;
  bool ends_in_dir = false;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(start, slash - start);
    ends_in_dir = segment == "." || segment == "..";
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (segment != ".") {
      kept.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (std::string_view segment : kept) out += "/" + std::string(segment);
  if (ends_in_dir || out.empty()) out += "/";
  return out;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  if (HasScheme(reference)) return std::string(reference);
  const size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return std::string(reference);
  const size_t authority_end = base.find_first_of("/?#", scheme_end + 3);
  const std::string_view origin = base.substr(0, authority_end);  // scheme://host
  std::string_view base_path =
      authority_end == std::string_view::npos ? "/" : base.substr(authority_end);
  base_path = base_path.substr(0, base_path.find_first_of("?#"));
  if (base_path.empty() || base_path[0] != '/') base_path = "/";
  if (reference.substr(0, 2) == "//")
    return std::string(base.substr(0, scheme_end + 1)) + std::string(reference);
  if (reference.empty()) return std::string(origin) + std::string(base_path);
  if (reference[0] == '?' || reference[0] == '#') {
    return std::string(origin) + std::string(base_path) + std::string(reference);
  }
  const size_t tail = reference.find_first_of("?#");
  const std::string_view ref_path = reference.substr(0, tail);
  const std::string_view ref_tail =
      tail == std::string_view::npos ? std::string_view() : reference.substr(tail);
  std::string path;
  if (ref_path.empty()) {
    path = std::string(base_path);
  } else if (ref_path[0] == '/') {
    path = RemoveDotSegments(ref_path);
  } else {
    path = RemoveDotSegments(std::string(base_path.substr(0, base_path.rfind('/') + 1)) +
                             std::string(ref_path));
  }
  return std::string(origin) + path + std::string(ref_tail);
}

std::string PercentEncodePath(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool keep =
        std::isalnum(c) || std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos;
    if (keep && c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<FileUrls> FileUrls::Make(std::string_view base, std::string_view url_template) {
  const std::string quoted = "\"" + std::string(base) + "\"";
  size_t host_start = 0;
  if (StartsWithNoCase(base, "https://")) {
    host_start = 8;
  } else if (StartsWithNoCase(base, "http://")) {
    host_start = 7;
  } else {
    return Status::InvalidArgument("--base-url " + quoted +
                                   " is not an absolute http:// or https:// URL");
  }
  if (host_start >= base.size() || base[host_start] == '/') {
    return Status::InvalidArgument("--base-url " + quoted + " names no host");
  }
  if (HasControlOrSpace(base)) {
    return Status::InvalidArgument("--base-url " + quoted +
                                   " holds a space or control character; percent-encode it");
  }
  if (base.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidArgument("--base-url " + quoted +
                                   " has a query or fragment; give the directory the files are in");
  }
  FileUrls urls;
  urls.base_ = EncodeNonAscii(base);
  // "https://example.com/docs" names the directory docs, as does
  // "https://example.com" the site's root.
  if (urls.base_.back() != '/') urls.base_ += '/';

  urls.template_ =
      url_template.empty() ? std::string(kDefaultUrlTemplate) : EncodeNonAscii(url_template);
  const std::string tquoted = "\"" + urls.template_ + "\"";
  if (HasControlOrSpace(urls.template_)) {
    return Status::InvalidArgument("--url-template " + tquoted +
                                   " holds a space or control character");
  }
  std::vector<std::string> unknown;
  for (size_t i = 0; i < urls.template_.size(); ++i) {
    const char c = urls.template_[i];
    if (c == '}') {
      return Status::InvalidArgument("--url-template " + tquoted + ": '}' without '{'");
    }
    if (c != '{') continue;
    const size_t close = urls.template_.find('}', i);
    if (close == std::string::npos) {
      return Status::InvalidArgument("--url-template " + tquoted + ": '{' without '}'");
    }
    const std::string name = urls.template_.substr(i + 1, close - i - 1);
    if (!IsKnownPlaceholder(name)) unknown.push_back("{" + name + "}");
    i = close;
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    return Status::InvalidArgument(
        "--url-template " + tquoted + ": unknown placeholder" + (unknown.size() > 1 ? "s " : " ") +
        list + " (known: {base}, {path}, {page}, {dir}, {name}, {stem}, {ext})");
  }
  if (urls.template_.rfind("{base}", 0) != 0) {
    return Status::InvalidArgument("--url-template " + tquoted +
                                   " must start with {base}, so that every URL is absolute");
  }
  return urls;
}

std::string FileUrls::UrlFor(std::string_view relative_path) const {
  const size_t slash = relative_path.rfind('/');
  const std::string_view dir =
      slash == std::string_view::npos ? std::string_view() : relative_path.substr(0, slash + 1);
  const std::string_view name =
      slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
  std::string_view served = name;  // the name as served: no .gz
  if (served.size() > 3 && EndsWith(served, ".gz")) served.remove_suffix(3);
  const size_t dot = served.rfind('.');
  const bool has_ext = dot != std::string_view::npos && dot > 0;
  const std::string_view stem = has_ext ? served.substr(0, dot) : served;
  const std::string_view ext = has_ext ? served.substr(dot + 1) : std::string_view();
  std::string page = std::string(dir) + std::string(stem);
  if (ext == "md" || ext == "markdown") {
    page += ".html";
  } else if (has_ext) {
    page += "." + std::string(ext);
  }

  std::string url;
  for (size_t i = 0; i < template_.size(); ++i) {
    if (template_[i] != '{') {
      url.push_back(template_[i]);
      continue;
    }
    const size_t close = template_.find('}', i);  // Make checked there is one
    const std::string_view key = std::string_view(template_).substr(i + 1, close - i - 1);
    if (key == "base") {
      url += base_;
    } else if (key == "path") {
      url += PercentEncodePath(relative_path);
    } else if (key == "page") {
      url += PercentEncodePath(page);
    } else if (key == "dir") {
      url += PercentEncodePath(dir);
    } else if (key == "name") {
      url += PercentEncodePath(name);
    } else if (key == "stem") {
      url += PercentEncodePath(stem);
    } else if (key == "ext") {
      url += PercentEncodePath(ext);
    }
    i = close;
  }
  return url;
}

std::string FileUrls::Encode() const { return empty() ? "" : base_ + "\n" + template_; }

Result<FileUrls> FileUrls::Decode(std::string_view stored) {
  if (stored.empty()) return FileUrls();
  const size_t newline = stored.find('\n');
  if (newline == std::string_view::npos) {
    return Status::Corruption("stored file URLs \"" + std::string(stored) +
                              "\" cannot be read (written by a newer Byline?)");
  }
  auto urls = Make(stored.substr(0, newline), stored.substr(newline + 1));
  if (!urls.ok()) {
    return Status::Corruption("stored file URLs cannot be read: " + urls.status().message());
  }
  return urls;
}

Result<FileUrls> ChooseFileUrls(const FileUrls& stored, std::string_view base,
                                std::string_view url_template, bool rebuild) {
  if (base.empty() && url_template.empty()) return stored;
  if (base.empty() && stored.empty()) {
    return Status::InvalidArgument(
        "--url-template needs --base-url (the index has no base URL of its own)");
  }
  auto chosen = FileUrls::Make(base.empty() ? std::string_view(stored.base()) : base,
                               url_template.empty() && !stored.empty()
                                   ? std::string_view(stored.url_template())
                                   : url_template);
  if (!chosen.ok() || stored.empty() || *chosen == stored || rebuild) return chosen;
  const bool base_differs = chosen->base() != stored.base();
  const std::string what =
      base_differs ? "--base-url \"" + chosen->base() + "\" differs from the index's \"" +
                         stored.base() + "\""
                   : "--url-template \"" + chosen->url_template() +
                         "\" differs from the index's \"" + stored.url_template() + "\"";
  return Status::InvalidArgument(
      what +
      ", which gave its stored articles their URLs; an update would mix the two. Run with "
      "--reindex and all the inputs to give every article the new URLs, or leave the flag out "
      "to keep the index's");
}

bool GlobMatches(std::string_view pattern, std::string_view path, bool is_directory) {
  if (EndsWith(pattern, "/")) {
    if (!is_directory) return false;
    pattern.remove_suffix(1);
  }
  const bool anchored = pattern.find('/') != std::string_view::npos;
  const std::vector<std::string_view> path_segments = Segments(path);
  if (!anchored) {
    // Like .gitignore: a bare name matches at any depth.
    return !path_segments.empty() && SegmentMatches(pattern, path_segments.back());
  }
  return MatchSegments(Segments(pattern), 0, path_segments, 0);
}

Result<PathFilter> PathFilter::Make(std::vector<std::string> include,
                                    std::vector<std::string> exclude) {
  for (const auto* list : {&include, &exclude}) {
    const char* flag = list == &include ? "--include" : "--exclude";
    for (const std::string& pattern : *list) {
      if (pattern.empty() || pattern.find_first_not_of('/') == std::string::npos) {
        return Status::InvalidArgument(std::string(flag) + " \"" + pattern +
                                       "\" matches no path: give a glob such as 'api/all.html' "
                                       "or '*.txt'");
      }
    }
  }
  PathFilter filter;
  filter.include_ = std::move(include);
  filter.exclude_ = std::move(exclude);
  return filter;
}

bool PathFilter::Keeps(std::string_view relative_path, bool is_directory) const {
  for (const auto& pattern : exclude_) {
    if (GlobMatches(pattern, relative_path, is_directory)) return false;
  }
  if (is_directory || include_.empty()) return true;
  for (const auto& pattern : include_) {
    if (GlobMatches(pattern, relative_path, false)) return true;
    // A pattern naming a directory includes what is in it.
    for (size_t slash = relative_path.find('/'); slash != std::string_view::npos;
         slash = relative_path.find('/', slash + 1)) {
      if (GlobMatches(pattern, relative_path.substr(0, slash), true)) return true;
    }
  }
  return false;
}

}  // namespace byline
