// Which shard of a sharded index holds an article: a stable hash of its id,
// the same on every machine and build (std::hash is neither).
#ifndef BYLINE_SHARD_ROUTING_H_
#define BYLINE_SHARD_ROUTING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

// 64-bit FNV-1a of `text`.
uint64_t Fnv1a64(std::string_view text);

// The shard (0 .. shards-1) for the article with this id. `shards` >= 1.
uint32_t ShardOf(std::string_view article_id, uint32_t shards);

// Directory name of shard `index` inside a sharded index: "shard-00", ...
std::string ShardDirName(uint32_t index);

// The databases an index in `dir` with `shards` local shards is made of:
// `dir` itself when `shards` is 0, else each shard's directory in order.
std::vector<std::string> IndexParts(const std::string& dir, uint32_t shards);

}  // namespace byline

#endif  // BYLINE_SHARD_ROUTING_H_
