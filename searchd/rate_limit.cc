#include "rate_limit.h"

#include <algorithm>
#include <cmath>

namespace byline::searchd {

bool RateLimiter::Allow(const std::string& client, Clock::time_point now,
                        int* retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(client);
  const bool added = it == buckets_.end();
  if (added) {
    // A full table is swept at most once a second, so that a stream of new
    // addresses cannot make every request pay for a sweep.
    if (buckets_.size() >= sweep_at_ ||
        (buckets_.size() >= max_clients_ && now - last_sweep_ >= std::chrono::seconds(1))) {
      ForgetIdle(now);
    }
    if (buckets_.size() >= max_clients_) return true;
    it = buckets_.emplace(client, Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  if (!added) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) {
      bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
      bucket.updated = now;
    }
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return true;
  }
  if (retry_after_seconds != nullptr) {
    *retry_after_seconds =
        std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) / per_second_)));
  }
  return false;
}

void RateLimiter::ForgetIdle(Clock::time_point now) {
  last_sweep_ = now;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
    if (it->second.tokens + elapsed * per_second_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  // Sweep again when the map has doubled from what stayed, so the cost of
  // a sweep is spread over as many new clients as it looked at.
  sweep_at_ = std::max<size_t>(1024, buckets_.size() * 2);
}

size_t RateLimiter::clients() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

}  // namespace byline::searchd
