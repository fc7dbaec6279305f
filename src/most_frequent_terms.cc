#include "most_frequent_terms.h"

#include <algorithm>

namespace byline {

std::vector<TermCount> MostFrequentTerms(Xapian::TermIterator it, const Xapian::TermIterator& end,
                                         const std::string& prefix, size_t count, size_t max_scan) {
  auto more_frequent = [](const TermCount& a, const TermCount& b) {
    return a.freq != b.freq ? a.freq > b.freq : a.term < b.term;
  };
  std::vector<TermCount> best;  // a min-heap of the best `count` so far
  if (count == 0) return best;
  best.reserve(count);
  for (size_t scanned = 0; it != end && scanned < max_scan; ++it, ++scanned) {
    TermCount c{*it, it.get_termfreq()};
    if (c.term.compare(0, prefix.size(), prefix) != 0) break;
    if (best.size() < count) {
      best.push_back(std::move(c));
      std::push_heap(best.begin(), best.end(), more_frequent);
    } else if (more_frequent(c, best.front())) {
      std::pop_heap(best.begin(), best.end(), more_frequent);
      best.back() = std::move(c);
      std::push_heap(best.begin(), best.end(), more_frequent);
    }
  }
  std::sort(best.begin(), best.end(), more_frequent);
  return best;
}

}  // namespace byline
