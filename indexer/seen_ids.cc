#include "seen_ids.h"

#include <limits>

namespace byline::indexer {

std::optional<RecordPosition> SeenIds::Add(const std::string& id, const RecordPosition& where) {
  auto [file, is_new_file] =
      file_index_.try_emplace(where.file, static_cast<uint32_t>(files_.size()));
  if (is_new_file) files_.push_back(where.file);
  const uint32_t line = where.line > std::numeric_limits<uint32_t>::max()
                            ? std::numeric_limits<uint32_t>::max()
                            : static_cast<uint32_t>(where.line);
  auto [it, added] = first_.try_emplace(id, Where{file->second, line});
  if (added) return std::nullopt;
  return RecordPosition{files_[it->second.file], it->second.line};
}

}  // namespace byline::indexer
