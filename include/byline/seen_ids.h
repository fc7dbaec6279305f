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
#include <string_view>
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

  bool Contains(const std::string& id) const;
  size_t size() const { return size_; }

 private:
  // Memory per id is what grows a run's peak RSS with the archive (a
  // million ids took ~100 MB as a std::unordered_map of strings): each id is
  // kept in `text_` as its length, file index and line (4 bytes each) and its
  // bytes, found through an open-addressing table of 8-byte slots (offset in
  // text_ plus one; 0 is empty).
  static uint64_t HashOf(std::string_view id);
  // The slot holding `id`, or the empty one where it would go.
  size_t Find(const std::string& id) const;
  bool Holds(uint64_t slot, const std::string& id) const;
  uint32_t Field(uint64_t slot, int i) const;  // 0 length, 1 file, 2 line
  void Grow();

  std::vector<std::string> files_;  // each file named once
  std::unordered_map<std::string, uint32_t> file_index_;
  uint32_t last_file_ = 0;       // index of the file of the last Add
  std::vector<uint64_t> slots_;  // a power of two in size, at most 3/4 full
  std::string text_;
  size_t size_ = 0;
};

}  // namespace byline

#endif  // BYLINE_SEEN_IDS_H_
