#include "sample_server_fixture.h"

namespace byline::testing {

TempDir* SampleServerTest::dir_ = nullptr;
SearchdProcess* SampleServerTest::server_ = nullptr;

void SampleServerTest::SetUpTestSuite() {
  dir_ = new TempDir;
  IndexSampleArticles(dir_->path());
  server_ = new SearchdProcess(dir_->path());
  ASSERT_TRUE(server_->ok()) << server_->startup_output();
}

void SampleServerTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
  delete dir_;
  dir_ = nullptr;
}

nlohmann::json SampleServerTest::GetJson(const std::string& path, int want_status) {
  auto res = server_->Client()->Get(path.c_str());
  EXPECT_TRUE(res) << path;
  if (!res) return nlohmann::json();
  EXPECT_EQ(res->status, want_status) << path << " -> " << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
  nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << res->body;
  return body;
}

}  // namespace byline::testing
