// searchd's last-resort exception handler: a Xapian::Error (which is no
// std::exception) is logged by its description, and the client gets a
// JSON 500 that tells it nothing more.
#include "internal_error.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <xapian.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace byline::searchd {
namespace {

using nlohmann::json;

template <typename E>
std::exception_ptr Thrown(const E& error) {
  try {
    throw error;
  } catch (...) {
    return std::current_exception();
  }
}

TEST(InternalErrorTest, DescribesXapianErrorsStdExceptionsAndTheRest) {
  EXPECT_EQ(DescribeException(Thrown(Xapian::DatabaseCorruptError("shard 3 is torn"))),
            "DatabaseCorruptError: shard 3 is torn");
  EXPECT_EQ(DescribeException(Thrown(std::runtime_error("out of luck"))), "out of luck");
  EXPECT_EQ(DescribeException(Thrown(42)), "unknown exception");
}

TEST(InternalErrorTest, AXapianErrorEscapingAHandlerIsLoggedAndAnswersJson500) {
  httplib::Server server;
  server.Get("/boom", [](const httplib::Request&, httplib::Response&) {
    throw Xapian::DatabaseModifiedError("the revision is being discarded");
  });
  server.set_exception_handler(HandleUncaughtException);
  int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread serving([&server] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::yield();

  ::testing::internal::CaptureStderr();
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5);
  auto res = client.Get("/boom");
  std::string log = ::testing::internal::GetCapturedStderr();
  server.stop();
  serving.join();

  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  json body = json::parse(res->body);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(res->body.find("revision"), std::string::npos) << "the client is told nothing more";
  EXPECT_NE(log.find("byline-searchd: internal error on GET /boom: DatabaseModifiedError: the "
                     "revision is being discarded"),
            std::string::npos)
      << log;
}

}  // namespace
}  // namespace byline::searchd
