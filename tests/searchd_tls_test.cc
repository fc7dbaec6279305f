// byline-searchd over HTTPS (--tls-cert/--tls-key) with a self-signed
// certificate made by the openssl command; skipped where it is missing.
#include <cstdlib>

#include <gtest/gtest.h>

#include "byline/index_writer.h"
#include "searchd_process.h"
#include "testutil.h"

namespace byline {
namespace {

class SearchdTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::Open(dir_.File("index"), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(testing::MakeArticle("a1", "Harbour", "boats in the harbour")));
    ASSERT_OK((*writer)->Commit());
    std::string out;
    if (testing::RunProgram({"/bin/sh", "-c",
                             "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "
                             "/CN=127.0.0.1 -keyout '" + dir_.File("key.pem") + "' -out '" +
                                 dir_.File("cert.pem") + "'"},
                            &out) != 0) {
      GTEST_SKIP() << "cannot make a certificate with openssl: " << out;
    }
  }
  testing::TempDir dir_;
};

TEST_F(SearchdTlsTest, ServesHttpsAndOnlyHttps) {
  testing::SearchdProcess server(dir_.File("index"), {"--tls-cert", dir_.File("cert.pem"),
                                                      "--tls-key", dir_.File("key.pem")});
  ASSERT_TRUE(server.ok()) << server.startup_output();
  EXPECT_NE(server.startup_output().find("listening on https://"), std::string::npos);
  httplib::SSLClient tls("127.0.0.1", server.port());
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
  EXPECT_EQ(testing::RunProgram({searchd, "--index", dir_.File("index"), "--listen", "127.0.0.1:0",
                                 "--tls-cert", dir_.File("junk.pem"), "--tls-key",
                                 dir_.File("key.pem")},
                                &out),
            1);
  EXPECT_NE(out.find("junk.pem"), std::string::npos) << out;
  EXPECT_NE(testing::RunProgram({searchd, "--index", dir_.File("index"), "--tls-cert",
                                 dir_.File("cert.pem")},
                                &out),
            0);
  EXPECT_NE(out.find("--tls-key"), std::string::npos) << out;
}

}  // namespace
}  // namespace byline
