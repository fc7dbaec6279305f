#include "ingest/text_util.h"

#include <utility>

#include "byline/dates.h"

namespace byline::ingest {

std::string_view TrimView(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string TidyText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t blank_run = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = TrimView(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) {
      ++blank_run;
      continue;
    }
    if (!out.empty()) out += blank_run > 0 ? "\n\n" : "\n";
    blank_run = 0;
    bool last_space = false;
    for (char c : line) {
      bool space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
      if (space) {
        if (!last_space) out.push_back(' ');
      } else {
        out.push_back(c);
      }
      last_space = space;
    }
  }
  return out;
}

std::string_view StripBom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

std::string FileStem(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.size() > 3 && name.substr(name.size() - 3) == ".gz") name.remove_suffix(3);
  size_t dot = name.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

void EmitArticle(const std::string& name, Article&& article, const ArticleCallback& on_article,
                 const ErrorCallback& on_error, const ErrorCallback& on_date_warning) {
  std::string warning;
  if (Status s = ResolvePublished(&article, on_date_warning ? &warning : nullptr); !s.ok()) {
    on_error({name, 0, s.message()});
    return;
  }
  if (Status s = ValidateArticle(article); !s.ok()) {
    on_error({name, 0, s.message()});
    return;
  }
  if (!warning.empty()) on_date_warning({name, 0, warning});
  on_article(std::move(article));
}

std::optional<char> FirstSignificantChar(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i, kBom.size());
    if (rest == kBom) {
      i += kBom.size();
      continue;
    }
    if (kBom.compare(0, rest.size(), rest) == 0 && i + rest.size() == text.size()) {
      return std::nullopt;  // the start of a mark: its end is still to come
    }
    return c;
  }
  return std::nullopt;
}

}  // namespace byline::ingest
