#include "word_table.h"

#include <algorithm>
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
}

void WordTable::WriteSpelling(Xapian::WritableDatabase* db, size_t commit_every) {
  using Entry = decltype(words_)::value_type;
  std::vector<const Entry*> counted;
  for (const Entry& e : words_) {
    if (e.second.count > 0) counted.push_back(&e);
  }
  std::sort(counted.begin(), counted.end(),
            [](const Entry* a, const Entry* b) { return a->first < b->first; });
  size_t added = 0;
  for (const Entry* e : counted) {
    db->add_spelling(e->first, e->second.count);
    if (++added % commit_every == 0) db->commit();
  }
  words_.clear();
  last_word_ = nullptr;
  last_entry_ = nullptr;
}

}  // namespace byline
