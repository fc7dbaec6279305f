// SpaceSaving: the k most frequent keys of a stream in bounded memory
// (Metwally, Agrawal and El Abbadi, "Efficient Computation of Frequent and
// Top-k Elements in Data Streams", 2005).
//
// It keeps at most `capacity` counters. A key already counted is
// incremented; a new key takes a free counter, or, when all are taken,
// replaces the key with the smallest count and inherits that count, which
// it then records as its `error`. So every counter over-estimates its key by
// at most `error` (count - error <= true count <= count), a key never seen
// has count 0, and any key whose true count exceeds the smallest count is
// kept. With at most `capacity` distinct keys every count is exact.
//
// Counters sit in a binary min-heap (by count) with a hash index into it:
// Add is O(log capacity). Not thread-safe: callers lock.
#ifndef BYLINE_SEARCHD_ANALYTICS_SPACE_SAVING_H_
#define BYLINE_SEARCHD_ANALYTICS_SPACE_SAVING_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace byline::searchd {

class SpaceSaving {
 public:
  struct Counter {
    std::string key;
    uint64_t count = 0;
    uint64_t error = 0;  // count - error <= the key's true count <= count
  };

  // REQUIRES: capacity >= 1.
  explicit SpaceSaving(size_t capacity) : capacity_(std::max<size_t>(1, capacity)) {}

  // Counts `weight` occurrences of `key`.
  void Add(std::string_view key, uint64_t weight = 1) {
    std::string owned(key);
    auto found = index_.find(owned);
    if (found != index_.end()) {
      heap_[found->second].count += weight;
      SiftDown(found->second);
      return;
    }
    if (heap_.size() < capacity_) {
      heap_.push_back({owned, weight, 0});
      index_.emplace(std::move(owned), heap_.size() - 1);
      SiftUp(heap_.size() - 1);
      return;
    }
    // Full: the smallest counter (the heap's root) goes to the new key.
    Counter& root = heap_[0];
    index_.erase(root.key);
    root.error = root.count;
    root.count += weight;
    root.key = owned;
    index_.emplace(std::move(owned), 0);
    SiftDown(0);
  }

  // Puts back a counter as saved (a state file). False when `key` is
  // already counted or every counter is taken.
  bool Restore(std::string key, uint64_t count, uint64_t error) {
    if (heap_.size() >= capacity_ || index_.count(key) != 0) return false;
    heap_.push_back({key, count, std::min(error, count)});
    index_.emplace(std::move(key), heap_.size() - 1);
    SiftUp(heap_.size() - 1);
    return true;
  }

  size_t capacity() const { return capacity_; }
  size_t size() const { return heap_.size(); }
  bool full() const { return heap_.size() >= capacity_; }
  // The smallest count when every counter is taken (an unkept key's true
  // count is at most this), else 0 (an unkept key was never seen).
  uint64_t min_count() const { return full() ? heap_[0].count : 0; }

  // The counter of `key`, or null when it is not kept.
  const Counter* Find(const std::string& key) const {
    auto found = index_.find(key);
    return found == index_.end() ? nullptr : &heap_[found->second];
  }

  // Every counter, in no particular order.
  const std::vector<Counter>& counters() const { return heap_; }

  // The `n` largest counters, by count (then key) descending.
  std::vector<Counter> Top(size_t n) const {
    std::vector<Counter> top = heap_;
    auto order = [](const Counter& a, const Counter& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    };
    if (n < top.size()) {
      std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(n), top.end(),
                        order);
      top.resize(n);
    } else {
      std::sort(top.begin(), top.end(), order);
    }
    return top;
  }

 private:
  void Swap(size_t a, size_t b) {
    std::swap(heap_[a], heap_[b]);
    index_[heap_[a].key] = a;
    index_[heap_[b].key] = b;
  }
  void SiftUp(size_t i) {
    while (i > 0) {
      const size_t parent = (i - 1) / 2;
      if (heap_[parent].count <= heap_[i].count) break;
      Swap(parent, i);
      i = parent;
    }
  }
  void SiftDown(size_t i) {
    for (;;) {
      const size_t left = 2 * i + 1, right = left + 1;
      size_t smallest = i;
      if (left < heap_.size() && heap_[left].count < heap_[smallest].count) smallest = left;
      if (right < heap_.size() && heap_[right].count < heap_[smallest].count) smallest = right;
      if (smallest == i) return;
      Swap(i, smallest);
      i = smallest;
    }
  }

  size_t capacity_;
  std::vector<Counter> heap_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ANALYTICS_SPACE_SAVING_H_
