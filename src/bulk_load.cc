#include "byline/bulk_load.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <vector>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/shard_routing.h"
#include "byline/sharded_writer.h"
#include "index_settings.h"
#include "xapian_status.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

// Where shard `i` of a new sharded index is built, renamed to its own
// name only once every shard is built: what a load killed before then
// leaves is no shard (nor index) a later run would take up.
std::string BuildingShardPath(const std::string& dir, uint32_t i) {
  return (fs::path(dir) / (ShardDirName(i) + ".new")).string();
}

// True when the (stub of) the directory holds at least one article.
bool HoldsArticles(const std::string& path) {
  try {
    return Xapian::Database(path).get_doccount() > 0;
  } catch (const Xapian::Error&) {
    return false;
  }
}

// Whether the plain index in `dir` holds no article and stems as a new one.
Result<bool> PartIsLoadable(const std::string& dir) {
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  if (!generation.ok()) return generation.status();
  try {
    Xapian::Database db(layout.GenerationPath(*generation));
    return db.get_doccount() == 0 &&
           db.get_metadata(schema::kStemmingMetadataKey) == StemmingName(kNewIndexStemming);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening index " + dir);
  }
}

}  // namespace

struct BulkLoad::Impl {
  std::shared_ptr<const WriteLock> lock;  // first: released after the builders
  std::string dir;
  bool publish_stub = false;  // a new sharded index
  bool finished = false;      // its shards renamed (Finish)
  uint32_t shards = 0;
  unsigned threads = 0;
  std::vector<std::unique_ptr<BulkBuilder>> builders;  // one per part
};

BulkLoad::BulkLoad(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BulkLoad::~BulkLoad() {
  if (!impl_) return;
  // Abandoned builders publish nothing (BulkBuilder's destructor); a new
  // sharded index's shards, not renamed yet, go too.
  impl_->builders.clear();
  if (!impl_->publish_stub || impl_->finished) return;
  std::error_code ec;
  for (uint32_t i = 0; i < impl_->shards; ++i) fs::remove_all(BuildingShardPath(impl_->dir, i), ec);
}

Result<bool> BulkLoad::Loadable(const std::string& dir) {
  if (!IndexLayout(dir).Exists()) {
    // Shards holding articles with no stub listing them: a sharded index
    // that lost its stub (or whose creation by updates was cut short). The
    // update path takes them up, as it always did; a bulk load would not.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("shard-", 0) == 0 && name.find('.') == std::string::npos &&
          HoldsArticles(entry.path().string())) {
        return false;
      }
    }
    return true;
  }
  auto shards = ShardedWriter::CountShards(dir);
  if (!shards.ok()) return shards.status();
  for (const std::string& part : IndexParts(dir, *shards)) {
    auto loadable = PartIsLoadable(part);
    if (!loadable.ok() || !*loadable) return loadable;
  }
  return true;
}

Result<std::unique_ptr<BulkLoad>> BulkLoad::Open(const std::string& dir,
                                                 const IndexOptions& options, uint32_t shards,
                                                 unsigned threads,
                                                 std::shared_ptr<const WriteLock> lock) {
  IndexLayout layout(dir);
  if (Status s = layout.PrepareForWriter(options.create_if_missing); !s.ok()) return s;
  auto held = LockFor(dir, std::move(lock), "bulk load");
  if (!held.ok()) return held.status();
  auto loadable = Loadable(dir);
  if (!loadable.ok()) return loadable.status();
  if (!*loadable) {
    return Status::InvalidArgument(dir + " holds articles: a bulk load is for an empty index");
  }
  auto impl = std::make_unique<Impl>();
  impl->lock = std::move(held).value();
  impl->dir = dir;
  const bool exists = layout.Exists();
  if (exists) {
    auto existing = ShardedWriter::CountShards(dir);
    if (!existing.ok()) return existing.status();
    impl->shards = *existing;
  } else {
    impl->shards = shards >= 2 ? shards : 0;
    impl->publish_stub = impl->shards > 0;
    // Shards a load killed before its stub was published left (none holds
    // an article: Loadable): nothing names them, and a new one must not
    // inherit their settings or fields.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().filename().string().rfind("shard-", 0) == 0) fs::remove_all(entry, ec);
    }
  }
  // A new sharded index's shards keep the position table unless told; an
  // existing index's keep their own.
  IndexOptions part_options = impl->publish_stub ? WithShardPositions(options) : options;
  // An existing index keeps its language, as an update keeps it.
  if (exists) part_options.language.clear();
  part_options.create_if_missing = true;
  const unsigned total = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  const unsigned each = std::max(1u, total / std::max<uint32_t>(1, impl->shards));
  std::vector<std::string> parts = IndexParts(dir, impl->shards);
  if (impl->publish_stub) {
    for (uint32_t i = 0; i < impl->shards; ++i) parts[i] = BuildingShardPath(dir, i);
  }
  for (const std::string& part : parts) {
    auto builder = BulkBuilder::Open(part, part_options, each, impl->lock);
    if (!builder.ok()) return builder.status();
    // A word seen once in each of two shards is seen twice in the index:
    // a sharded load keeps every word, as updates do.
    if (parts.size() > 1) (*builder)->set_min_spelling_count(1);
    impl->builders.push_back(std::move(builder).value());
    impl->threads += each;
  }
  return std::unique_ptr<BulkLoad>(new BulkLoad(std::move(impl)));
}

Status BulkLoad::Add(Article article) {
  const uint32_t shard = ShardOf(article.id, std::max<uint32_t>(1, impl_->shards));
  return impl_->builders[shard]->Add(std::move(article));
}

Result<BulkCounts> BulkLoad::Finish() {
  const size_t n = impl_->builders.size();
  std::vector<Result<BulkCounts>> results(n, Status::Internal("not built"));
  // Each builder merges and switches its shard; all at once.
  std::vector<std::thread> finishers;
  for (size_t i = 1; i < n; ++i) {
    finishers.emplace_back([this, &results, i] { results[i] = impl_->builders[i]->Finish(); });
  }
  results[0] = impl_->builders[0]->Finish();
  for (auto& finisher : finishers) finisher.join();
  BulkCounts total;
  for (const auto& result : results) {
    if (!result.ok()) return result.status();
    total.added += result->added;
    total.replaced += result->replaced;
    if (!result->cleanup_error.empty()) {
      total.cleanup_error += (total.cleanup_error.empty() ? "" : "; ") + result->cleanup_error;
    }
  }
  if (impl_->publish_stub) {
    // Every shard is built: each takes its name, and the stub (whose
    // directory sync covers the renames) publishes them.
    impl_->finished = true;
    for (uint32_t i = 0; i < impl_->shards; ++i) {
      const std::string shard = (fs::path(impl_->dir) / ShardDirName(i)).string();
      std::error_code ec;
      fs::rename(BuildingShardPath(impl_->dir, i), shard, ec);
      if (ec) return Status::IOError("cannot rename a new shard to " + shard + ": " + ec.message());
    }
    if (Status s = ShardedWriter::PublishShards(impl_->dir, impl_->shards); !s.ok()) return s;
  }
  return total;
}

uint32_t BulkLoad::shards() const { return impl_->shards; }

unsigned BulkLoad::threads() const { return impl_->threads; }

}  // namespace byline
