// Plain text files: the first non-blank line is the title, the rest the body.
#include <string>

#include "byline/ingest.h"
#include "ingest/charset.h"
#include "ingest/text_util.h"

namespace byline {

void ReadPlainText(std::string_view raw, const std::string& name, const std::string& default_id,
                   const ArticleCallback& on_article, const ErrorCallback& on_error,
                   const ErrorCallback& on_date_warning) {
  std::string converted;
  auto decoded = ingest::DecodeTextBytes(raw, &converted, "text");
  if (!decoded.ok()) {
    on_error({name, 0, decoded.status().message()});
    return;
  }
  const std::string_view text = *decoded;
  size_t pos = 0, line_no = 0;
  std::string_view title;
  while (pos < text.size() && title.empty()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    title = ingest::TrimView(text.substr(pos, end - pos));
    ++line_no;
    pos = end + 1;
  }
  if (title.empty()) {
    on_error({name, 0, "empty file"});
    return;
  }
  Article a;
  a.id = default_id;
  a.title = ingest::TidyText(title);
  a.body = pos < text.size() ? ingest::TidyText(text.substr(pos)) : std::string();
  if (a.body.empty()) {
    on_error({name, line_no, "no body after the title line"});
    return;
  }
  ingest::EmitArticle(name, std::move(a), on_article, on_error, on_date_warning);
}

}  // namespace byline
