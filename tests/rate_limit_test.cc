// Unit tests of searchd/rate_limit: a token bucket per client address.
#include "rate_limit.h"

#include <gtest/gtest.h>

#include <string>

namespace byline::searchd {
namespace {

using Clock = RateLimiter::Clock;
using std::chrono::milliseconds;

TEST(RateLimiterTest, BurstThenOneRequestPerInterval) {
  RateLimiter limiter(2, 3);  // 3 at once, then one every 0.5 s
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t0)) << i;
  int retry = 0;
  EXPECT_FALSE(limiter.Allow("a", t0, &retry));
  EXPECT_EQ(retry, 1);
  EXPECT_FALSE(limiter.Allow("a", t0 + milliseconds(400)));
  EXPECT_TRUE(limiter.Allow("a", t0 + milliseconds(500)));
  EXPECT_FALSE(limiter.Allow("a", t0 + milliseconds(600)));
  // A long pause refills to the burst, never past it.
  const Clock::time_point later = t0 + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", later)) << i;
  EXPECT_FALSE(limiter.Allow("a", later));
}

TEST(RateLimiterTest, EachClientHasItsOwnBucket) {
  RateLimiter limiter(1, 1);
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(limiter.Allow("198.51.100.1", t0));
  EXPECT_FALSE(limiter.Allow("198.51.100.1", t0));
  EXPECT_TRUE(limiter.Allow("198.51.100.2", t0));
  EXPECT_TRUE(limiter.Allow("2001:db8::1", t0));
  EXPECT_FALSE(limiter.Allow("198.51.100.2", t0 + milliseconds(500)));
}

TEST(RateLimiterTest, SlowRatesSayHowLongToWait) {
  RateLimiter limiter(0.1, 1);  // one every 10 s
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(limiter.Allow("a", t0));
  int retry = 0;
  EXPECT_FALSE(limiter.Allow("a", t0 + milliseconds(2500), &retry));
  EXPECT_EQ(retry, 8);  // 7.5 s to go, rounded up
}

TEST(RateLimiterTest, IdleClientsAreForgottenSoTheTableStaysBounded) {
  RateLimiter limiter(10, 2);
  Clock::time_point now = Clock::now();
  for (int i = 0; i < 100000; ++i) {
    // Each client makes one request; 1 ms apart, so a bucket refills in 0.1 s.
    now += milliseconds(1);
    ASSERT_TRUE(limiter.Allow("client-" + std::to_string(i), now));
  }
  EXPECT_LT(limiter.clients(), 5000u);
  // A client held back is remembered across a sweep.
  RateLimiter strict(0.001, 1);
  Clock::time_point t = Clock::now();
  ASSERT_TRUE(strict.Allow("busy", t));
  for (int i = 0; i < 5000; ++i) strict.Allow("other-" + std::to_string(i), t);
  EXPECT_FALSE(strict.Allow("busy", t + milliseconds(10)));
}

TEST(RateLimiterTest, TheTableHasABoundAndNewClientsPastItGoThrough) {
  RateLimiter limiter(0.001, 1, /*max_clients=*/100);
  const Clock::time_point t0 = Clock::now();
  ASSERT_TRUE(limiter.Allow("held", t0));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.Allow("new-" + std::to_string(i), t0)) << i;
  }
  EXPECT_EQ(limiter.clients(), 100u);
  EXPECT_FALSE(limiter.Allow("held", t0));  // tracked before the table filled
}

}  // namespace
}  // namespace byline::searchd
