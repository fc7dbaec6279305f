// Fuzz target: user-typed queries against a small real index. Every query
// must be answered (never an error status, never a crash).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "byline/index_writer.h"
#include "byline/searcher.h"

namespace {

std::unique_ptr<byline::Searcher> MakeSearcher() {
  char dir[] = "/tmp/byline-fuzz-query-XXXXXX";
  if (!mkdtemp(dir)) std::abort();
  auto writer = byline::IndexWriter::Open(dir, byline::IndexOptions{});
  if (!writer.ok()) std::abort();
  const char* words[] = {"cocoa", "harbour", "solar", "runner", "U.S.", "café", "don't", "bread"};
  for (int i = 0; i < 64; ++i) {
    byline::Article a;
    a.id = "doc-" + std::to_string(i);
    a.title = std::string(words[i % 8]) + " title " + std::to_string(i);
    a.body = std::string("body ") + words[(i * 3) % 8] + " and " + words[(i * 5) % 8];
    a.source = i % 2 ? "Reuters" : "BBC News";
    a.tags = {words[i % 8]};
    a.published = "2024-01-0" + std::to_string(1 + i % 9);
    if (!(*writer)->Upsert(a).ok()) std::abort();
  }
  if (!(*writer)->Commit().ok()) std::abort();
  writer->reset();
  auto searcher = byline::Searcher::Open(dir, byline::SearchOptions{});
  if (!searcher.ok()) std::abort();
  return std::move(searcher).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<byline::Searcher> searcher = MakeSearcher();
  byline::SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), std::min<size_t>(size, 4096));
  for (auto op : {byline::DefaultOp::kAnd, byline::DefaultOp::kOr}) {
    request.op = op;
    auto result = searcher->Search(request);
    if (!result.ok()) std::abort();
  }
  return 0;
}
