// Plain text files: the first non-blank line is the title, the rest the body.
#include <string>

#include "byline/ingest.h"
#include "ingest/text_util.h"

namespace byline {

void ReadPlainText(std::string_view text, const std::string& name, const std::string& default_id,
                   const ArticleCallback& on_article, const ErrorCallback& on_error) {
  text = ingest::StripBom(text);
  if (text.find('\0') != std::string_view::npos) {
    on_error({name, 0, "binary data (NUL bytes), not a text file"});
    return;
  }
  if (!IsValidUtf8(text)) {
    on_error({name, 0, "not valid UTF-8 text"});
    return;
  }
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
  ingest::EmitArticle(name, std::move(a), on_article, on_error);
}

}  // namespace byline
