#include "spelling_counts.h"

#include <algorithm>
#include <vector>

namespace byline {

SpellingCounts::SpellingCounts() { listener_.counts.reserve(1 << 16); }

bool SpellingCounts::Listener::operator()(const std::string& word) const {
  // Numbers ("1987", "3rd") are neither corrected nor completed: leaving
  // them out keeps a third of a news archive's distinct words out.
  if (counting && !(word[0] >= '0' && word[0] <= '9')) ++counts[word];
  return false;
}

void SpellingCounts::Attach(Xapian::TermGenerator* generator) {
  generator->set_stopper(&listener_);
  // STOP_ALL is the strategy that asks the stopper about every word.
  generator->set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
}

void SpellingCounts::WriteTo(Xapian::WritableDatabase* db, size_t commit_every) {
  using Entry = std::unordered_map<std::string, uint32_t>::value_type;
  std::vector<const Entry*> sorted;
  sorted.reserve(listener_.counts.size());
  for (const Entry& e : listener_.counts) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry* a, const Entry* b) { return a->first < b->first; });
  size_t added = 0;
  for (const Entry* e : sorted) {
    db->add_spelling(e->first, e->second);
    if (++added % commit_every == 0) db->commit();
  }
  listener_.counts.clear();
}

}  // namespace byline
