// ArticleBatch: a batch of articles sent as one text (an HTTP body), read
// with byline-indexer's readers, field map and validation: JSON Lines or a
// JSON array, told apart by the first character. Each bad record and each
// repeated id (the second one skipped, as the indexer skips it; see
// seen_ids.h) is reported with its line and, when it can be read, its id.
#ifndef BYLINE_ARTICLE_BATCH_H_
#define BYLINE_ARTICLE_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/ingest.h"
#include "byline/seen_ids.h"
#include "byline/status.h"

namespace byline {

// A record of a batch that was not taken.
struct BatchRecordError {
  size_t line = 0;  // 1-based line it starts on; 0 when the whole batch is at fault
  std::string id;   // empty when the record's id could not be read
  std::string reason;
};

// Reads a batch as it arrives, in chunks of any size (a chunk may end
// mid-line or inside a UTF-8 character): JSON Lines are read line by line as
// each line is complete, so only the unfinished last line is held; a JSON
// array is split into its elements as they arrive (JsonArrayReader), so
// only the element in progress is held. Records go to the
// callbacks exactly as ReadArticleBatch would give them for the whole text.
//
// Thread safety: none.
class BatchReader {
 public:
  using ArticleFn = std::function<void(Article&&, size_t line)>;
  using ErrorFn = std::function<void(const BatchRecordError&)>;

  // `name` is used in messages (e.g. "body"). `body_format` reads the
  // bodies of records that do not say (their "body_format" field).
  BatchReader(std::string name, const FieldMap& field_map, ArticleFn on_article, ErrorFn on_error,
              BodyFormat body_format = BodyFormat::kAuto);
  BatchReader(const BatchReader&) = delete;
  BatchReader& operator=(const BatchReader&) = delete;

  // From now on a "published" date NormalizeDate cannot read is not the
  // record's error: the article is taken without its date and `on_warning`
  // hears `published "..." not understood; indexed without a date` with
  // the record's line and id (just before the article goes on). Call
  // before the first Feed.
  void WarnOfDates(ErrorFn on_warning);

  // The next bytes of the batch.
  void Feed(std::string_view chunk);
  // The batch has ended: reads what is held. Call once. Always OK (the
  // bytes are fed from memory, and a bad record goes to on_error); a Status
  // so that it reads as the other readers.
  Status Finish();

  // Bytes fed so far, and bytes held (an unfinished line or array element).
  uint64_t bytes_fed() const { return bytes_fed_; }
  size_t bytes_held() const { return array_ ? array_->bytes_held() : held_.size(); }

 private:
  enum class Format { kUnknown, kJsonLines, kJsonArray };

  void StartLines();  // the batch is JSON Lines: reads what is held
  void FeedLines(std::string_view chunk);
  void Line(std::string_view line);
  void Take(Article&& article);

  const std::string name_;
  ReadOptions options_;
  ArticleFn on_article_;
  ErrorFn on_error_;
  ErrorFn on_warning_;
  std::optional<RecordError> pending_warning_;  // of the article being read
  Format format_ = Format::kUnknown;
  std::string held_;  // the unfinished line, or the start before the format is known
  std::unique_ptr<JsonArrayReader> array_;
  size_t line_no_ = 0;  // of the last line read
  uint64_t bytes_fed_ = 0;
  RecordPosition where_;
  SeenIds seen_;
};

// Reads `text` (named `name` in messages): each good article with a new id
// goes to on_article with the line it starts on, everything else to
// on_error, in order. Non-OK only when reading itself fails.
Status ReadArticleBatch(std::string_view text, const std::string& name, const FieldMap& field_map,
                        const std::function<void(Article&&, size_t line)>& on_article,
                        const std::function<void(const BatchRecordError&)>& on_error);

// The id a bad record gives on `line` of `text`, read as the field map says
// (the value of "id", or of the field mapped to id), or "" when there is none
// to read. Best effort, for error reports only.
std::string IdOnLine(std::string_view text, size_t line, const FieldMap& field_map);

}  // namespace byline

#endif  // BYLINE_ARTICLE_BATCH_H_
