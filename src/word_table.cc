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

WordTable::Word& WordTable::Lookup(const std::string& word) {
  if (last_word_ && *last_word_ == word) return *last_entry_;
  auto& entry = *words_.try_emplace(word).first;
  last_word_ = &entry.first;
  last_entry_ = &entry.second;
  return entry.second;
}

WordTable::WordTable() : counter_(std::make_unique<Counter>(this)) { words_.reserve(1 << 16); }

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
  const std::hash<std::string> hash;
  std::vector<std::pair<const std::string*, uint32_t>> words;
  for (size_t t = 0; t < tables.size(); ++t) {
    for (const auto& [word, entry] : tables[t]->words_) {
      if (entry.count == 0 || hash(word) % shares != share) continue;
      // Taken from the first table that counted it, summed over the rest.
      bool seen_before = false;
      for (size_t earlier = 0; earlier < t && !seen_before; ++earlier) {
        auto it = tables[earlier]->words_.find(word);
        seen_before = it != tables[earlier]->words_.end() && it->second.count > 0;
      }
      if (seen_before) continue;
      uint32_t total = entry.count;
      for (size_t later = t + 1; later < tables.size(); ++later) {
        auto it = tables[later]->words_.find(word);
        if (it != tables[later]->words_.end()) total += it->second.count;
      }
      if (total >= min_count) words.emplace_back(&word, total);
    }
  }
  AddSorted(&words, db, commit_every);
}

void WordTable::Clear() {
  words_.clear();
  last_word_ = nullptr;
  last_entry_ = nullptr;
}

void WordTable::RemoveSpelling(Xapian::WritableDatabase* db) {
  for (const auto& [word, entry] : words_) {
    if (entry.count > 0) db->remove_spelling(word, entry.count);
  }
  words_.clear();
  last_word_ = nullptr;
  last_entry_ = nullptr;
}

void WordTable::WriteSpelling(Xapian::WritableDatabase* db, size_t commit_every) {
  std::vector<std::pair<const std::string*, uint32_t>> words;
  for (const auto& [word, entry] : words_) {
    if (entry.count > 0) words.emplace_back(&word, entry.count);
  }
  AddSorted(&words, db, commit_every);
  words_.clear();
  last_word_ = nullptr;
  last_entry_ = nullptr;
}

}  // namespace byline
