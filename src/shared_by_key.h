// One object per key, shared by every caller holding it: what the
// Searchers of one process reading the same revision of an index share
// (fingerprint tables, article lengths) instead of each building its own.
//
// Thread safety: SharedByKey may be called from any thread.
#ifndef BYLINE_SRC_SHARED_BY_KEY_H_
#define BYLINE_SRC_SHARED_BY_KEY_H_

#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace byline {

// The T of `key` while some caller still holds one, else `build()`'s (a T),
// kept for the next caller. `key` must name exactly what the T holds (e.g.
// a database's uuid and revision). Built under a lock: the callers asking
// meanwhile want the same object, and one build at a time bounds memory.
// Keys nobody holds any more are forgotten.
// (One registry per T, whatever `build` is: see RegistryOf.)
template <typename T>
struct SharedRegistry {
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<const T>> objects;
};

template <typename T>
SharedRegistry<T>& RegistryOf() {
  static SharedRegistry<T> registry;
  return registry;
}

template <typename T, typename Build>
std::shared_ptr<const T> SharedByKey(const std::string& key, Build build) {
  SharedRegistry<T>& registry = RegistryOf<T>();
  auto& objects = registry.objects;
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (auto it = objects.begin(); it != objects.end();) {
    it = it->second.expired() ? objects.erase(it) : std::next(it);
  }
  if (auto it = objects.find(key); it != objects.end()) {
    if (auto object = it->second.lock()) return object;
  }
  auto object = std::make_shared<const T>(build());
  objects[key] = object;
  return object;
}

}  // namespace byline

#endif  // BYLINE_SRC_SHARED_BY_KEY_H_
