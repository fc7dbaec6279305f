#include "word_table.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace byline {

// Never stops a word; counts it when counting is on.
class WordTable::Counter : public Xapian::Stopper {
 public:
  explicit Counter(WordTable* table) : table_(table) {}

  bool operator()(const std::string& word) const override {
    Word& entry = table_->Lookup(word);
    if (table_->counting_ && !(word[0] >= '0' && word[0] <= '9')) ++entry.count;
    return false;
  }

 private:
  WordTable* table_;
};

// Stems each distinct word once. Owned by the Xapian::Stem it is given to.
class WordTable::CachingStemmer : public Xapian::StemImplementation {
 public:
  CachingStemmer(WordTable* table, const Xapian::Stem& stemmer)
      : table_(table), stemmer_(stemmer) {}

  std::string operator()(const std::string& word) override {
    Word& entry = table_->Lookup(word);  // usually the Counter's last lookup
    if (!entry.stemmed) {
      entry.stem = stemmer_(word);
      entry.stemmed = true;
    }
    return entry.stem;
  }

  std::string get_description() const override {
    return "WordTable(" + stemmer_.get_description() + ")";
  }

 private:
  WordTable* table_;
  Xapian::Stem stemmer_;
};

namespace {

constexpr size_t kInitialSlots = size_t{1} << 17;

uint32_t Tag(size_t hash) { return static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32); }

}  // namespace

size_t WordTable::Probe(const std::string& word, size_t hash) const {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if (static_cast<uint32_t>(slots_[i] >> 32) == Tag(hash) &&
        entries_[static_cast<uint32_t>(slots_[i]) - 1].word == word) {
      break;
    }
  }
  return i;
}

WordTable::Word& WordTable::Lookup(const std::string& word) {
  if (last_word_ && *last_word_ == word) return *last_entry_;
  const size_t hash = std::hash<std::string>{}(word);
  const size_t i = Probe(word, hash);
  if (slots_[i] == 0) {
    entries_.push_back(Entry{word, hash, Word()});
    slots_[i] = (uint64_t{Tag(hash)} << 32) | entries_.size();
  }
  Entry& entry = entries_[static_cast<uint32_t>(slots_[i]) - 1];
  if (entries_.size() * 2 > slots_.size()) Grow();
  last_word_ = &entry.word;
  last_entry_ = &entry.value;
  return entry.value;
}

const WordTable::Word* WordTable::Find(const std::string& word, size_t hash) const {
  const size_t i = Probe(word, hash);
  return slots_[i] == 0 ? nullptr : &entries_[static_cast<uint32_t>(slots_[i]) - 1].value;
}

void WordTable::Grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (size_t e = 0; e < entries_.size(); ++e) {
    size_t i = entries_[e].hash & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = (uint64_t{Tag(entries_[e].hash)} << 32) | (e + 1);
  }
  slots_ = std::move(slots);
}

void WordTable::Clear() {
  entries_.clear();
  slots_.assign(kInitialSlots, 0);
  last_word_ = nullptr;
  last_entry_ = nullptr;
}

WordTable::WordTable() : slots_(kInitialSlots, 0), counter_(std::make_unique<Counter>(this)) {}

WordTable::~WordTable() = default;

void WordTable::Attach(Xapian::TermGenerator* generator, const Xapian::Stem& stemmer) {
  generator->set_stopper(counter_.get());
  // STOP_ALL is the strategy that asks the stopper about every word.
  generator->set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  if (!stemmer.is_none()) generator->set_stemmer(Xapian::Stem(new CachingStemmer(this, stemmer)));
  stemmer_ = stemmer;
}

std::string WordTable::Stem(const std::string& word) {
  if (stemmer_.is_none()) return word;
  Word& entry = Lookup(word);
  if (!entry.stemmed) {
    entry.stem = stemmer_(word);
    entry.stemmed = true;
  }
  return entry.stem;
}

namespace {

void AddSorted(std::vector<std::pair<const std::string*, uint32_t>>* words,
               Xapian::WritableDatabase* db, size_t commit_every) {
  std::sort(words->begin(), words->end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  size_t added = 0;
  for (const auto& [word, count] : *words) {
    db->add_spelling(*word, count);
    if (++added % commit_every == 0) db->commit();
  }
}

}  // namespace

void WordTable::WriteSpellingShare(const std::vector<const WordTable*>& tables, size_t share,
                                   size_t shares, uint32_t min_count, Xapian::WritableDatabase* db,
                                   size_t commit_every) {
  std::vector<std::pair<const std::string*, uint32_t>> words;
  for (size_t t = 0; t < tables.size(); ++t) {
    for (const Entry& entry : tables[t]->entries_) {
      if (entry.value.count == 0 || entry.hash % shares != share) continue;
      // Taken from the first table that counted it, summed over the rest.
      bool seen_before = false;
      for (size_t earlier = 0; earlier < t && !seen_before; ++earlier) {
        const Word* other = tables[earlier]->Find(entry.word, entry.hash);
        seen_before = other && other->count > 0;
      }
      if (seen_before) continue;
      uint32_t total = entry.value.count;
      for (size_t later = t + 1; later < tables.size(); ++later) {
        if (const Word* other = tables[later]->Find(entry.word, entry.hash)) total += other->count;
      }
      if (total >= min_count) words.emplace_back(&entry.word, total);
    }
  }
  AddSorted(&words, db, commit_every);
}

void WordTable::RemoveSpelling(Xapian::WritableDatabase* db) {
  for (const Entry& entry : entries_) {
    if (entry.value.count > 0) db->remove_spelling(entry.word, entry.value.count);
  }
  Clear();
}

void WordTable::WriteSpelling(Xapian::WritableDatabase* db, size_t commit_every) {
  std::vector<std::pair<const std::string*, uint32_t>> words;
  for (const Entry& entry : entries_) {
    if (entry.value.count > 0) words.emplace_back(&entry.word, entry.value.count);
  }
  AddSorted(&words, db, commit_every);
  Clear();
}

}  // namespace byline
