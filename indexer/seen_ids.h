// SeenIds: the article ids one run has read, and where each was first given,
// so a second input with the same id is reported instead of silently
// replacing the first ("a.html" and "a.md" both give id "a").
//
// Thread safety: none.
#ifndef BYLINE_INDEXER_SEEN_IDS_H_
#define BYLINE_INDEXER_SEEN_IDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/ingest.h"

namespace byline::indexer {

class SeenIds {
 public:
  // Records `id` as given at `where`; if it was given before, returns where
  // it first was (and records nothing).
  std::optional<RecordPosition> Add(const std::string& id, const RecordPosition& where);

  bool Contains(const std::string& id) const { return first_.count(id) > 0; }
  size_t size() const { return first_.size(); }

 private:
  struct Where {
    uint32_t file;  // index into files_
    uint32_t line;
  };
  std::vector<std::string> files_;  // each file named once
  std::unordered_map<std::string, uint32_t> file_index_;
  uint32_t last_file_ = 0;  // index of the file of the last Add
  std::unordered_map<std::string, Where> first_;
};

}  // namespace byline::indexer

#endif  // BYLINE_INDEXER_SEEN_IDS_H_
