#include "byline/shard_routing.h"

#include <cstdio>

namespace byline {

uint64_t Fnv1a64(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;  // FNV offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;  // FNV prime
  }
  return hash;
}

uint32_t ShardOf(std::string_view article_id, uint32_t shards) {
  return shards <= 1 ? 0 : static_cast<uint32_t>(Fnv1a64(article_id) % shards);
}

std::string ShardDirName(uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shard-%02u", index);
  return buf;
}

std::vector<std::string> IndexParts(const std::string& dir, uint32_t shards) {
  if (shards == 0) return {dir};
  std::vector<std::string> parts;
  parts.reserve(shards);
  for (uint32_t i = 0; i < shards; ++i) parts.push_back(dir + "/" + ShardDirName(i));
  return parts;
}

}  // namespace byline
