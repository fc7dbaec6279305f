#include "byline/seen_ids.h"

#include <limits>

namespace byline {

std::optional<RecordPosition> SeenIds::Add(const std::string& id, const RecordPosition& where) {
  // Runs of articles come from one file: look its index up once per run.
  if (files_.empty() || files_[last_file_] != where.file) {
    auto [file, is_new_file] =
        file_index_.try_emplace(where.file, static_cast<uint32_t>(files_.size()));
    if (is_new_file) files_.push_back(where.file);
    last_file_ = file->second;
  }
  const uint32_t line = where.line > std::numeric_limits<uint32_t>::max()
                            ? std::numeric_limits<uint32_t>::max()
                            : static_cast<uint32_t>(where.line);
  auto [it, added] = first_.try_emplace(id, Where{last_file_, line});
  if (added) return std::nullopt;
  return RecordPosition{files_[it->second.file], it->second.line};
}

std::optional<RecordError> SeenIds::SkipIfSeen(const std::string& id, const RecordPosition& where) {
  auto first = Add(id, where);
  if (!first) return std::nullopt;
  return RecordError{where.file, where.line,
                     "id \"" + id + "\" was already given by " + first->ToString() + "; skipped"};
}

}  // namespace byline
