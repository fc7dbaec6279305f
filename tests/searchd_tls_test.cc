// byline-searchd over HTTPS (--tls-cert/--tls-key) with a self-signed
// certificate made by the openssl command; skipped where it is missing.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "raw_connection.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

class SearchdTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(
        dir_.File("index"), {testing::MakeArticle("a1", "Harbour", "boats in the harbour")}));
    std::string out;
    if (testing::RunProgram({"/bin/sh", "-c",
                             "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "
                             "/CN=127.0.0.1 -keyout '" +
                                 dir_.File("key.pem") + "' -out '" + dir_.File("cert.pem") + "'"},
                            &out) != 0) {
      GTEST_SKIP() << "cannot make a certificate with openssl: " << out;
    }
  }
  testing::TempDir dir_;
};

TEST_F(SearchdTlsTest, ServesHttpsAndOnlyHttps) {
  testing::SearchdProcess server(
      dir_.File("index"), {"--tls-cert", dir_.File("cert.pem"), "--tls-key", dir_.File("key.pem")});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_NE(server.startup_output().find("listening on https://"), std::string::npos);
  httplib::SSLClient tls("127.0.0.1", server.port());
  testing::RecordAnswers(&tls);
  tls.set_ca_cert_path(dir_.File("cert.pem").c_str());
  tls.enable_server_certificate_verification(true);
  tls.set_read_timeout(10);
  auto res = tls.Get("/search?q=harbour");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"a1\""), std::string::npos);
  // Plain HTTP to the TLS port gets no answer.
  auto plain = server.Client()->Get("/health");
  EXPECT_FALSE(plain && plain->status == 200);
  EXPECT_EQ(tls.Get("/health")->status, 200) << "still serving";
}

TEST_F(SearchdTlsTest, BadCertificateOrHalfAPairIsAClearError) {
  std::string out;
  testing::WriteFile(dir_.File("junk.pem"), "not a certificate\n");
  const std::string searchd = testing::ProgramPath("byline-searchd");
  EXPECT_EQ(
      testing::RunProgram({searchd, "--index", dir_.File("index"), "--listen", "127.0.0.1:0",
                           "--tls-cert", dir_.File("junk.pem"), "--tls-key", dir_.File("key.pem")},
                          &out),
      1);
  EXPECT_NE(out.find("junk.pem"), std::string::npos) << out;
  EXPECT_NE(
      testing::RunProgram(
          {searchd, "--index", dir_.File("index"), "--tls-cert", dir_.File("cert.pem")}, &out),
      0);
  EXPECT_NE(out.find("--tls-key"), std::string::npos) << out;
}

TEST_F(SearchdTlsTest, TrickledHandshakeIsCutOff) {
  // A ClientHello sent a byte every 0.5 s: inside the 1 s read timeout, but
  // the handshake counts toward the 2 s whole-request deadline.
  testing::SearchdProcess server(
      dir_.File("index"), {"--tls-cert", dir_.File("cert.pem"), "--tls-key", dir_.File("key.pem"),
                           "--read-timeout", "1", "--request-timeout", "2"});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  testing::RawConnection raw(server.port());
  ASSERT_TRUE(raw.connected());
  // A handshake record header announcing 512 bytes, then a trickle of them.
  ASSERT_TRUE(raw.Send(std::string("\x16\x03\x01\x02\x00\x01", 6)));
  bool cut_off = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!cut_off && std::chrono::steady_clock::now() < give_up) {
    raw.ReadUntilClosed(500);
    cut_off = raw.closed() || !raw.Send(std::string(1, '\0'));
  }
  EXPECT_TRUE(cut_off) << "a trickled TLS handshake must be cut off at the request timeout";
  httplib::SSLClient tls("127.0.0.1", server.port());
  testing::RecordAnswers(&tls);
  tls.enable_server_certificate_verification(false);
  tls.set_read_timeout(10);
  // The watchdog counts a cut-off just after it closes the socket: allow
  // the count a moment (up to 5 s) to follow.
  bool counted = false;
  for (int i = 0; i < 100 && !counted; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto res = tls.Get("/metrics");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
    counted = res->body.find("\nbyline_slow_requests_closed_total 1\n") != std::string::npos;
  }
  EXPECT_TRUE(counted) << "the watchdog, not the read timeout, should have closed it";
}

}  // namespace
}  // namespace byline
