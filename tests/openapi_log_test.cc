// The OpenAPI record of raw connections' answers (openapi_log.h): each JSON
// answer goes with the request it answered, as the validator needs.
#include "openapi_log.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testutil.h"

namespace byline {
namespace {

std::vector<nlohmann::json> Recorded(const std::string& sent, const std::string& received) {
  testing::TempDir dir;
  const std::string log = dir.File("answers.jsonl");
  // Read once per process (each test runs in its own under ctest).
  setenv("BYLINE_OPENAPI_LOG", log.c_str(), 1);
  testing::LogRawExchange(sent, received);
  std::vector<nlohmann::json> lines;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const char kJsonAnswer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"a\":1}\n";

TEST(OpenApiLogTest, PipelinedAnswersGoWithTheirRequestsAndBadBytesWithNone) {
  const std::string sent =
      "GET /search?q=x HTTP/1.1\r\nHost: t\r\n\r\n"
      "HEAD /health HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /admin/articles HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "\x01garbage\r\n\r\n";
  const std::string received =
      std::string(kJsonAnswer) +
      // A HEAD answer says the length of a body it does not send.
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n" +
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"e\"\r\n3\r\n:2}\r\n0\r\n\r\n" +
      "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n"
      "{\"b\":2}\n";
  const auto lines = Recorded(sent, received);
  ASSERT_EQ(lines.size(), 3u);  // the HEAD answer has no body to check
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["path"], "/search?q=x");
  EXPECT_EQ(lines[0]["body"], "{\"a\":1}\n");
  EXPECT_EQ(lines[1]["method"], "POST");
  EXPECT_EQ(lines[1]["status"], 413);
  EXPECT_EQ(lines[1]["body"], "{\"e\":2}");
  EXPECT_EQ(lines[2]["method"], "?");
  EXPECT_EQ(lines[2]["status"], 400);
}

TEST(OpenApiLogTest, AnAnswerCutOffIsNotRecorded) {
  const std::string whole = kJsonAnswer;
  EXPECT_EQ(Recorded("GET /a HTTP/1.1\r\n\r\n", whole.substr(0, whole.size() - 3)).size(), 0u);
  EXPECT_EQ(Recorded("GET /a HTTP/1.1\r\n\r\n", whole).size(), 1u);
}

}  // namespace
}  // namespace byline
