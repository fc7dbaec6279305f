#include "byline/seen_ids.h"

#include <cstring>
#include <limits>

#include "byline/shard_routing.h"

namespace byline {

uint64_t SeenIds::HashOf(const std::string& id) {
  // FNV-1a, its bits mixed (murmur's finaliser): the table probes by the low ones.
  uint64_t hash = Fnv1a64(id);
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  return hash == 0 ? 1 : hash;
}

bool SeenIds::Holds(const Slot& slot, const std::string& id) const {
  uint32_t length = 0;
  std::memcpy(&length, text_.data() + slot.text, sizeof length);
  return length == id.size() &&
         std::memcmp(text_.data() + slot.text + sizeof length, id.data(), length) == 0;
}

size_t SeenIds::Find(const std::string& id, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash == 0 || (slot.hash == hash && Holds(slot, id))) return i;
  }
}

void SeenIds::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

bool SeenIds::Contains(const std::string& id) const {
  if (slots_.empty()) return false;
  return slots_[Find(id, HashOf(id))].hash != 0;
}

std::optional<RecordPosition> SeenIds::Add(const std::string& id, const RecordPosition& where) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  const uint64_t hash = HashOf(id);
  Slot& slot = slots_[Find(id, hash)];
  if (slot.hash != 0) return RecordPosition{files_[slot.file], slot.line};
  // Runs of articles come from one file: look its index up once per run.
  if (files_.empty() || files_[last_file_] != where.file) {
    auto [file, is_new_file] =
        file_index_.try_emplace(where.file, static_cast<uint32_t>(files_.size()));
    if (is_new_file) files_.push_back(where.file);
    last_file_ = file->second;
  }
  const uint32_t length = static_cast<uint32_t>(id.size());  // ids are short (schema::IdTerm)
  slot.hash = hash;
  slot.text = text_.size();
  slot.file = last_file_;
  slot.line = where.line > std::numeric_limits<uint32_t>::max()
                  ? std::numeric_limits<uint32_t>::max()
                  : static_cast<uint32_t>(where.line);
  text_.append(reinterpret_cast<const char*>(&length), sizeof length);
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
