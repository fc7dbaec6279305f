// A test fixture: one real byline-searchd, on a free loopback port, serving
// the sample articles of data/ to every test of a suite.
#ifndef BYLINE_TESTS_SAMPLE_SERVER_FIXTURE_H_
#define BYLINE_TESTS_SAMPLE_SERVER_FIXTURE_H_

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "searchd_process.h"
#include "testutil.h"

namespace byline::testing {

class SampleServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  // GETs `path`; expects `want_status` and a JSON body, which it returns.
  static nlohmann::json GetJson(const std::string& path, int want_status = 200);

  static TempDir* dir_;
  static SearchdProcess* server_;
};

}  // namespace byline::testing

#endif  // BYLINE_TESTS_SAMPLE_SERVER_FIXTURE_H_
