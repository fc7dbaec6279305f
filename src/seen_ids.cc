#include "byline/seen_ids.h"

#include <cstring>
#include <limits>

#include "byline/shard_routing.h"

namespace byline {

namespace {
constexpr size_t kHeader = 3 * sizeof(uint32_t);  // length, file, line
}  // namespace

uint64_t SeenIds::HashOf(std::string_view id) {
  // FNV-1a, its bits mixed (murmur's finaliser): the table probes by the low ones.
  uint64_t hash = Fnv1a64(id);
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  return hash;
}

uint32_t SeenIds::Field(uint64_t slot, int i) const {
  uint32_t value = 0;
  std::memcpy(&value, text_.data() + (slot - 1) + i * sizeof value, sizeof value);
  return value;
}

bool SeenIds::Holds(uint64_t slot, const std::string& id) const {
  return Field(slot, 0) == id.size() &&
         std::memcmp(text_.data() + (slot - 1) + kHeader, id.data(), id.size()) == 0;
}

size_t SeenIds::Find(const std::string& id) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = HashOf(id) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0 || Holds(slots_[i], id)) return i;
  }
}

void SeenIds::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    // Rehashed from the stored bytes, not a copy of them.
    size_t i = HashOf(std::string_view(text_).substr(slot - 1 + kHeader, Field(slot, 0))) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

bool SeenIds::Contains(const std::string& id) const {
  return !slots_.empty() && slots_[Find(id)] != 0;
}

std::optional<RecordPosition> SeenIds::Add(const std::string& id, const RecordPosition& where) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  uint64_t& slot = slots_[Find(id)];
  if (slot != 0) return RecordPosition{files_[Field(slot, 1)], Field(slot, 2)};
  // Runs of articles come from one file: look its index up once per run.
  if (files_.empty() || files_[last_file_] != where.file) {
    auto [file, is_new_file] =
        file_index_.try_emplace(where.file, static_cast<uint32_t>(files_.size()));
    if (is_new_file) files_.push_back(where.file);
    last_file_ = file->second;
  }
  const uint32_t header[3] = {static_cast<uint32_t>(id.size()),  // ids are short (schema::IdTerm)
                              last_file_,
                              where.line > std::numeric_limits<uint32_t>::max()
                                  ? std::numeric_limits<uint32_t>::max()
                                  : static_cast<uint32_t>(where.line)};
  slot = text_.size() + 1;
  text_.append(reinterpret_cast<const char*>(header), sizeof header);
  text_.append(id);
  ++size_;
  return std::nullopt;
}

std::optional<RecordError> SeenIds::SkipIfSeen(const std::string& id, const RecordPosition& where) {
  auto first = Add(id, where);
  if (!first) return std::nullopt;
  return RecordError{where.file, where.line,
                     "id \"" + id + "\" was already given by " + first->ToString() + "; skipped"};
}

}  // namespace byline
