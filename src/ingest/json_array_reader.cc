// A streaming reader for a JSON array of articles: the array is split into
// its elements without parsing the whole file at once, so memory stays at one
// element and a bad element costs only itself.
#include <string>

#include "byline/fields.h"
#include "byline/ingest.h"

namespace byline {
namespace {

// Pulls characters from a stream and counts lines.
class CharSource {
 public:
  explicit CharSource(std::istream& in) : buf_(in.rdbuf()) {}
  int Next() {
    int c = buf_ ? buf_->sbumpc() : EOF;
    if (c == '\n') ++line_;
    return c;
  }
  int Peek() { return buf_ ? buf_->sgetc() : EOF; }
  // Skips whitespace; returns the next character without consuming it.
  int SkipSpace() {
    int c;
    while ((c = Peek()) == ' ' || c == '\t' || c == '\r' || c == '\n') Next();
    return c;
  }
  size_t line() const { return line_; }

 private:
  std::streambuf* buf_;
  size_t line_ = 1;
};

// Reads one element (object, array or scalar) whose first character is next.
// Returns false at end of input inside the element.
bool ReadElement(CharSource& src, std::string* out) {
  out->clear();
  int depth = 0;
  bool in_string = false, escaped = false;
  for (;;) {
    int c = src.Peek();
    if (c == EOF) return false;
    if (!in_string && depth == 0 && !out->empty() &&
        (c == ',' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
      return true;  // end of a scalar
    }
    src.Next();
    out->push_back(static_cast<char>(c));
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      if (!in_string && depth == 0) return true;  // a string scalar
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      ++depth;
    else if (c == '}' || c == ']') {
      if (--depth <= 0) return true;
    }
  }
}

}  // namespace

Status ReadJsonArray(std::istream& in, const std::string& name, const ReadOptions& options,
                     const ArticleCallback& on_article, const ErrorCallback& on_error) {
  CharSource src(in);
  if (src.Peek() == 0xEF) {  // a UTF-8 byte order mark
    for (int i = 0; i < 3; ++i) src.Next();
  }
  if (src.SkipSpace() != '[') {
    on_error({name, src.line(), "expected a JSON array of articles (starting with '[')"});
    return Status::Ok();
  }
  src.Next();
  std::string element;
  bool first = true;
  for (;;) {
    if (options.should_stop && options.should_stop()) return Status::Ok();
    if (options.skip_rest_of_file && options.skip_rest_of_file(name)) return Status::Ok();
    int c = src.SkipSpace();
    if (c == ']') {
      src.Next();
      break;
    }
    if (!first) {
      if (c != ',') {
        on_error({name, src.line(),
                  c == EOF ? "unexpected end of file: the array is not closed by ']'"
                           : "expected ',' or ']' between array elements, found '" +
                                 std::string(1, static_cast<char>(c)) + "'"});
        return Status::Ok();
      }
      src.Next();
      c = src.SkipSpace();
    }
    first = false;
    if (c == EOF) {
      on_error({name, src.line(), "unexpected end of file: the array is not closed by ']'"});
      return Status::Ok();
    }
    size_t start_line = src.line();
    if (!ReadElement(src, &element)) {
      on_error({name, start_line, "unexpected end of file inside the element starting here"});
      return Status::Ok();
    }
    auto article = ParseArticleJson(element, options.field_map);
    if (article.ok() && !options.fields.empty()) {
      if (Status s = CheckFieldValues(*article, options.fields); !s.ok()) article = s;
    }
    if (article.ok()) {
      if (options.position) options.position->Set(name, start_line);
      on_article(std::move(article).value());
    } else {
      on_error({name, start_line, article.status().message()});
    }
  }
  if (src.SkipSpace() != EOF) {
    on_error({name, src.line(), "unexpected text after the closing ']'"});
  }
  if (in.bad()) return Status::IOError(name + ": read failed");
  return Status::Ok();
}

}  // namespace byline
