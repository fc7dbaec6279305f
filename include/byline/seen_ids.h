// SeenIds: the article ids one run (a byline-indexer run, or one batch
// written to byline-searchd) has read, and where each was first given, so a
// second record with the same id is reported instead of silently replacing
// the first ("a.html" and "a.md" both give id "a").
//
// Thread safety: none.
#ifndef BYLINE_SEEN_IDS_H_
#define BYLINE_SEEN_IDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/ingest.h"

namespace byline {

class SeenIds {
 public:
  // Records `id` as given at `where`; if it was given before, returns where
  // it first was (and records nothing).
  std::optional<RecordPosition> Add(const std::string& id, const RecordPosition& where);

  // Add, worded for the reader: nothing when `id` is new, else the error
  // that skips this record (`where`: id "X" was already given by FIRST;
  // skipped), which every reader of a run reports the same way.
  std::optional<RecordError> SkipIfSeen(const std::string& id, const RecordPosition& where);

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

}  // namespace byline

#endif  // BYLINE_SEEN_IDS_H_
