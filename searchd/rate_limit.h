// RateLimiter: requests per second per client address (--rate-limit), a
// token bucket each: `burst` requests at once, then one every 1/rate
// seconds. The client is the address client_address.h gives, so behind a
// trusted proxy each visitor has its own bucket, and a client that is not
// a trusted proxy cannot get a new one by sending X-Forwarded-For.
//
// Thread safety: Allow() may be called from any thread.
#ifndef BYLINE_SEARCHD_RATE_LIMIT_H_
#define BYLINE_SEARCHD_RATE_LIMIT_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace byline::searchd {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Most clients with a bucket at once: memory stays bounded (about 100
  // bytes each) whatever the number of addresses a scan comes from.
  static constexpr size_t kMaxClients = 100000;

  // `per_second` > 0, `burst` >= 1, `max_clients` >= 1.
  RateLimiter(double per_second, double burst, size_t max_clients = kMaxClients)
      : per_second_(per_second), burst_(burst), max_clients_(max_clients) {}

  // Takes one request's token from `client`'s bucket; false when it is
  // empty. `*retry_after_seconds` (when not null) is then how long until
  // the next token, rounded up, at least 1. A new client that finds
  // max_clients buckets held back is let through without one (the table
  // stays bounded; a proxy in front limits what gets past it).
  bool Allow(const std::string& client, Clock::time_point now, int* retry_after_seconds = nullptr);

  // Clients with a bucket now (full buckets are forgotten as it grows).
  size_t clients() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  // Drops the buckets that have filled up again: they say nothing new.
  void ForgetIdle(Clock::time_point now);

  const double per_second_;
  const double burst_;
  const size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  size_t sweep_at_ = 1024;  // ForgetIdle() when there are this many
  Clock::time_point last_sweep_;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_RATE_LIMIT_H_
