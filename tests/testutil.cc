#include "testutil.h"

#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "byline/bulk_builder.h"
#include "byline/index_writer.h"
#include "byline/ingest.h"
#include "byline/schema.h"

namespace byline::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/byline-test-XXXXXX";
  if (!mkdtemp(pattern.data())) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string HarbourCorpus(const std::string& marker, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += ToJsonLine(
        MakeArticle(marker + "-" + std::to_string(i), "Harbour report " + std::to_string(i),
                    "The harbour " + marker + " bulletin number " + std::to_string(i) +
                        " covers ferries, tides and the fish market."));
  }
  return text;
}

uint64_t ArticleCount(const std::string& dir) { return Xapian::Database(dir).get_doccount(); }

bool IndexHas(const std::string& dir, const std::string& id) {
  return Xapian::Database(dir).term_exists(schema::IdTerm(id));
}

std::map<std::string, std::string> SnapshotFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) files[entry.path().string()] = ReadFile(entry.path().string());
  }
  return files;
}

Article MakeArticle(const std::string& id, const std::string& title, const std::string& body) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.url = "https://example.org/" + id;
  a.published = "2024-05-01";
  a.source = "Test Source";
  a.lang = "en";
  return a;
}

std::string ToJsonLine(const Article& a) {
  nlohmann::json j = {{"id", a.id},         {"title", a.title},         {"body", a.body},
                      {"url", a.url},       {"published", a.published}, {"source", a.source},
                      {"author", a.author}, {"tags", a.tags},           {"lang", a.lang}};
  return j.dump() + "\n";
}

std::string DataDir() { return BYLINE_SOURCE_DIR "/data"; }

void IndexSampleArticles(const std::string& dir) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  ASSERT_OK(writer);
  std::ifstream in(DataDir() + "/articles.jsonl");
  ASSERT_OK(ReadJsonLines(
      in, "articles.jsonl", {}, [&](Article&& a) { ASSERT_OK((*writer)->Upsert(a)); },
      [](const RecordError& e) { FAIL() << e.ToString(); }));
  ASSERT_OK((*writer)->Commit());
}

void BuildIndex(const std::string& dir, const std::vector<Article>& articles) {
  auto writer = IndexWriter::Open(dir, IndexOptions{});
  ASSERT_OK(writer);
  for (const Article& article : articles) ASSERT_OK((*writer)->Upsert(article));
  ASSERT_OK((*writer)->Commit());
}

SearchOptions FreshSearchOptions() {
  SearchOptions options;
  options.reopen_interval_seconds = 0;
  return options;
}

std::unique_ptr<Searcher> OpenSearcher(const std::string& dir, const SearchOptions& options) {
  auto searcher = Searcher::Open(dir, options);
  EXPECT_OK(searcher);
  return searcher.ok() ? std::move(searcher).value() : nullptr;
}

void Rebuild(const std::string& dir, const std::vector<Article>& articles) {
  auto builder = BulkBuilder::Open(dir, IndexOptions{}, /*threads=*/2);
  ASSERT_OK(builder);
  for (const Article& article : articles) ASSERT_OK((*builder)->Add(article));
  ASSERT_OK((*builder)->Finish());
}

double MetricSample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

}  // namespace byline::testing
