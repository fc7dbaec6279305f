// A streaming reader for a JSON array of articles: the array is split into
// its elements as its bytes arrive (in chunks of any size), without parsing
// the whole file at once, so memory stays at one element and a bad element
// costs only itself.
#include <string>
#include <utility>

#include "byline/fields.h"
#include "byline/ingest.h"
#include "ingest/text_util.h"

namespace byline {
namespace {

constexpr char kNotClosed[] = "unexpected end of file: the array is not closed by ']'";

bool IsSpace(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

JsonArrayReader::JsonArrayReader(std::string name, ReadOptions options, ArticleCallback on_article,
                                 ErrorCallback on_error)
    : name_(std::move(name)),
      options_(std::move(options)),
      on_article_(std::move(on_article)),
      on_error_(std::move(on_error)) {}

bool JsonArrayReader::Feed(std::string_view chunk) {
  for (char ch : chunk) {
    const int c = static_cast<unsigned char>(ch);
    while (!Step(c)) {
    }
    if (state_ == State::kDone) return false;
  }
  return true;
}

void JsonArrayReader::Finish() {
  while (!Step(EOF)) {
  }
  state_ = State::kDone;
}

void JsonArrayReader::Fail(size_t line, std::string reason) {
  if (state_ != State::kElement) element_.clear();  // about the array, not an element
  state_ = State::kDone;
  on_error_({name_, line, std::move(reason)});
  element_.clear();
}

void JsonArrayReader::StartBetween() {
  const bool stop = (options_.should_stop && options_.should_stop()) ||
                    (options_.skip_rest_of_file && options_.skip_rest_of_file(name_));
  state_ = stop ? State::kDone : State::kBetween;
}

void JsonArrayReader::ElementRead() {
  ingest::ReadJsonRecord(element_, name_, element_line_, options_, on_article_, on_error_);
  element_.clear();
  StartBetween();
}

bool JsonArrayReader::Take(int c) {
  if (c == '\n') ++line_;
  return true;
}

bool JsonArrayReader::Step(int c) {
  switch (state_) {
    case State::kBom:
      if (bom_left_ == -1) {
        if (c != 0xEF) {  // no byte order mark
          state_ = State::kOpen;
          return false;
        }
        bom_left_ = 2;
        return true;
      }
      if (c == EOF) {
        state_ = State::kOpen;
        return false;
      }
      if (--bom_left_ == 0) state_ = State::kOpen;
      return Take(c);
    case State::kOpen:
      if (IsSpace(c)) return Take(c);
      if (c == '[') {
        StartBetween();
      } else {
        Fail(line_, "expected a JSON array of articles (starting with '[')");
      }
      return true;
    case State::kBetween:
      if (IsSpace(c)) return Take(c);
      if (c == ']') {
        state_ = State::kAfterClose;
        return true;
      }
      if (c == EOF) {
        Fail(line_, kNotClosed);
        return true;
      }
      if (!first_) {
        if (c == ',') {
          state_ = State::kAfterComma;
        } else {
          Fail(line_, "expected ',' or ']' between array elements, found '" +
                          std::string(1, static_cast<char>(c)) + "'");
        }
        return true;
      }
      break;  // the first element starts here
    case State::kAfterComma:
      if (IsSpace(c)) return Take(c);
      if (c == EOF) {
        Fail(line_, kNotClosed);
        return true;
      }
      break;  // an element starts here (even a ']')
    case State::kElement:
      if (c == EOF) {
        Fail(element_line_, "unexpected end of file inside the element starting here");
        return true;
      }
      if (!in_string_ && depth_ == 0 && !element_.empty() && (c == ',' || c == ']' || IsSpace(c))) {
        ElementRead();  // the end of a scalar, left for what follows it
        return false;
      }
      Take(c);
      element_.push_back(static_cast<char>(c));
      if (in_string_) {
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        if (!in_string_ && depth_ == 0) ElementRead();  // a string scalar
        return true;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if ((c == '}' || c == ']') && --depth_ <= 0) {
        ElementRead();
      }
      return true;
    case State::kAfterClose:
      if (IsSpace(c)) return Take(c);
      if (c == EOF) {
        state_ = State::kDone;
      } else {
        Fail(line_, "unexpected text after the closing ']'");
      }
      return true;
    case State::kDone:
      return true;
  }
  // An element starts with `c`.
  first_ = false;
  element_line_ = line_;
  element_.clear();
  depth_ = 0;
  in_string_ = false;
  escaped_ = false;
  state_ = State::kElement;
  return false;
}

Status ReadJsonArray(std::istream& in, const std::string& name, const ReadOptions& options,
                     const ArticleCallback& on_article, const ErrorCallback& on_error) {
  JsonArrayReader reader(name, options, on_article, on_error);
  if (std::streambuf* buf = in.rdbuf()) {
    char chunk[64 * 1024];
    for (std::streamsize n; (n = buf->sgetn(chunk, sizeof chunk)) > 0;) {
      if (!reader.Feed(std::string_view(chunk, static_cast<size_t>(n)))) break;
    }
  }
  reader.Finish();
  if (in.bad()) return Status::IOError(name + ": read failed");
  return Status::Ok();
}

}  // namespace byline
