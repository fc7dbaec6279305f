#include "byline/article_batch.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "ingest/text_util.h"

namespace byline {
namespace {

std::string_view LineOf(std::string_view text, size_t line) {
  size_t start = 0;
  for (size_t n = 1; n < line; ++n) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const size_t end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string IdValue(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  return "";
}

// The id of a bad array element (as much of it as arrived), read as
// IdOnLine reads a line: the element is one record wherever its lines break.
std::string IdOfElement(std::string_view element, const FieldMap& field_map) {
  if (element.empty()) return "";  // the error is about the array
  std::string flat(element);
  for (char& c : flat) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return IdOnLine(flat, 1, field_map);
}

}  // namespace

std::string IdOnLine(std::string_view text, size_t line, const FieldMap& field_map) {
  if (line == 0) return "";
  auto mapped = field_map.find("id");
  const std::string key = mapped == field_map.end() ? "id" : mapped->second;
  std::string_view record = LineOf(text, line);
  // A whole record on its line (JSON Lines, or a one-line array element).
  const size_t open = record.find('{');
  const size_t close = record.rfind('}');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    auto object = nlohmann::json::parse(record.substr(open, close - open + 1), nullptr, false);
    if (object.is_object()) {
      auto id = object.find(key);
      return id == object.end() ? "" : IdValue(*id);
    }
  }
  // Otherwise the first "key": "value" on the line.
  const std::string quoted = "\"" + key + "\"";
  size_t at = record.find(quoted);
  if (at == std::string_view::npos) return "";
  at = record.find_first_not_of(" \t", at + quoted.size());
  if (at == std::string_view::npos || record[at] != ':') return "";
  at = record.find_first_not_of(" \t", at + 1);
  if (at == std::string_view::npos) return "";
  // The value alone: a string (escapes kept intact) or a number.
  size_t end = at;
  if (record[at] == '"') {
    for (end = at + 1; end < record.size() && record[end] != '"'; ++end) {
      if (record[end] == '\\') ++end;
    }
    ++end;
  } else {
    end = record.find_first_of(",} \t", at);
  }
  if (end == std::string_view::npos || end > record.size()) end = record.size();
  auto value = nlohmann::json::parse(record.substr(at, end - at), nullptr, false);
  return value.is_discarded() ? "" : IdValue(value);
}

BatchReader::BatchReader(std::string name, const FieldMap& field_map, ArticleFn on_article,
                         ErrorFn on_error, BodyFormat body_format)
    : name_(std::move(name)), on_article_(std::move(on_article)), on_error_(std::move(on_error)) {
  options_.field_map = field_map;
  options_.body_format = body_format;
  options_.position = &where_;
}

void BatchReader::WarnOfDates(ErrorFn on_warning) {
  on_warning_ = std::move(on_warning);
  options_.on_date_warning = [this](const RecordError& w) { pending_warning_ = w; };
}

void BatchReader::Feed(std::string_view chunk) {
  bytes_fed_ += chunk.size();
  switch (format_) {
    case Format::kJsonLines:
      return FeedLines(chunk);
    case Format::kJsonArray:
      array_->Feed(chunk);
      return;
    case Format::kUnknown:
      break;
  }
  held_.append(chunk);
  // Unknown until a character that is neither blank nor part of a byte
  // order mark has arrived.
  const std::optional<char> first = ingest::FirstSignificantChar(held_);
  if (!first) return;
  if (*first == '[') {
    format_ = Format::kJsonArray;
    array_ = std::make_unique<JsonArrayReader>(
        name_, options_, [this](Article&& article) { Take(std::move(article)); },
        [this](const RecordError& e) {
          on_error_({e.line, IdOfElement(array_->element(), options_.field_map), e.reason});
        });
    std::string start = std::move(held_);
    held_.clear();
    array_->Feed(start);
    return;
  }
  StartLines();
}

void BatchReader::StartLines() {
  format_ = Format::kJsonLines;
  std::string start = std::move(held_);
  held_.clear();
  FeedLines(start);
}

void BatchReader::FeedLines(std::string_view chunk) {
  size_t start = 0;
  for (size_t end; (end = chunk.find('\n', start)) != std::string_view::npos; start = end + 1) {
    if (held_.empty()) {
      Line(chunk.substr(start, end - start));
    } else {
      held_.append(chunk.substr(start, end - start));
      Line(held_);
      held_.clear();
    }
  }
  held_.append(chunk.substr(start));
}

void BatchReader::Take(Article&& article) {
  std::optional<RecordError> warning = std::move(pending_warning_);
  pending_warning_.reset();
  if (auto repeated = seen_.SkipIfSeen(article.id, where_)) {
    return on_error_({repeated->line, article.id, repeated->reason});
  }
  if (warning && on_warning_) on_warning_({warning->line, article.id, warning->reason});
  on_article_(std::move(article), where_.line);
}

void BatchReader::Line(std::string_view line) {
  ReadJsonLine(
      line, ++line_no_, name_, options_, [this](Article&& article) { Take(std::move(article)); },
      [&](const RecordError& e) {
        on_error_({e.line, IdOnLine(line, 1, options_.field_map), e.reason});
      });
}

Status BatchReader::Finish() {
  if (format_ == Format::kUnknown) StartLines();  // blank lines, or nothing
  if (format_ == Format::kJsonLines) {
    // The last line, when the batch does not end with a newline.
    if (!held_.empty()) Line(held_);
    held_.clear();
    return Status::Ok();
  }
  array_->Finish();
  return Status::Ok();
}

Status ReadArticleBatch(std::string_view text, const std::string& name, const FieldMap& field_map,
                        const std::function<void(Article&&, size_t line)>& on_article,
                        const std::function<void(const BatchRecordError&)>& on_error) {
  BatchReader reader(name, field_map, on_article, on_error);
  reader.Feed(text);
  return reader.Finish();
}

}  // namespace byline
