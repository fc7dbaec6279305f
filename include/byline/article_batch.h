// ArticleBatch: a batch of articles sent as one text (an HTTP body), read
// with byline-indexer's readers, field map and validation: JSON Lines or a
// JSON array, told apart by the first character. Each bad record and each
// repeated id (the second one skipped, as the indexer skips it; see
// seen_ids.h) is reported with its line and, when it can be read, its id.
#ifndef BYLINE_ARTICLE_BATCH_H_
#define BYLINE_ARTICLE_BATCH_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "byline/article.h"
#include "byline/ingest.h"
#include "byline/status.h"

namespace byline {

// A record of a batch that was not taken.
struct BatchRecordError {
  size_t line = 0;  // 1-based line it starts on; 0 when the whole batch is at fault
  std::string id;   // empty when the record's id could not be read
  std::string reason;
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
