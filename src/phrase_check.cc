#include "phrase_check.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "position_stream.h"
#include "query_rewrite.h"

namespace byline {
namespace {

using Positions = std::vector<Xapian::termpos>;

// Ordered: from each first position, take each next word at its first
// position after the previous one; the earliest choice leaves the most room.
bool OrderedMatch(const std::vector<Positions>& positions, Xapian::termcount window) {
  for (const Xapian::termpos first : positions[0]) {
    Xapian::termpos previous = first;
    bool fits = true;
    for (size_t i = 1; i < positions.size(); ++i) {
      const auto next = std::upper_bound(positions[i].begin(), positions[i].end(), previous);
      if (next == positions[i].end()) return false;  // no later start does better
      previous = *next;
      if (previous - first >= window) {
        fits = false;
        break;
      }
    }
    if (fits) return true;
  }
  return false;
}

// Unordered: a distinct position for each word inside [low, low + window).
bool AssignWithin(const std::vector<Positions>& positions, Xapian::termpos low,
                  Xapian::termcount window, size_t word, std::vector<Xapian::termpos>* used) {
  if (word == positions.size()) return true;
  const Positions& mine = positions[word];
  for (auto p = std::lower_bound(mine.begin(), mine.end(), low);
       p != mine.end() && *p - low < window; ++p) {
    if (std::find(used->begin(), used->end(), *p) != used->end()) continue;
    used->push_back(*p);
    if (AssignWithin(positions, low, window, word + 1, used)) return true;
    used->pop_back();
  }
  return false;
}

bool UnorderedMatch(const std::vector<Positions>& positions, Xapian::termcount window) {
  // A fitting set has a lowest position, which is some word's position.
  Positions starts;
  for (const Positions& p : positions) starts.insert(starts.end(), p.begin(), p.end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<Xapian::termpos> used;
  for (const Xapian::termpos low : starts) {
    used.clear();
    if (AssignWithin(positions, low, window, 0, &used)) return true;
  }
  return false;
}

bool TermsOf(const Xapian::Query& word, std::vector<std::string>* terms) {
  switch (word.get_type()) {
    case Xapian::Query::LEAF_TERM:
      terms->push_back(*word.get_terms_begin());
      return true;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
      for (size_t i = 0; i < word.get_num_subqueries(); ++i) {
        if (!TermsOf(word.get_subquery(i), terms)) return false;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

bool PositionsMatch(const std::vector<Positions>& positions, bool ordered,
                    Xapian::termcount window) {
  if (positions.empty()) return false;
  for (const Positions& p : positions) {
    if (p.empty()) return false;
  }
  if (window < positions.size()) window = static_cast<Xapian::termcount>(positions.size());
  return ordered ? OrderedMatch(positions, window) : UnorderedMatch(positions, window);
}

bool ReadPhraseSpec(const Xapian::Query& phrase, PhraseSpec* spec) {
  const bool ordered = phrase.get_type() == Xapian::Query::OP_PHRASE;
  spec->ordered = ordered;
  spec->words.clear();
  for (size_t i = 0; i < phrase.get_num_subqueries(); ++i) {
    std::vector<std::string> terms;
    if (!TermsOf(phrase.get_subquery(i), &terms) || terms.empty()) return false;
    spec->words.push_back(std::move(terms));
  }
  if (spec->words.size() < 2) return false;
  spec->window = NumberAfter(phrase, ordered ? " PHRASE " : " NEAR ");
  return spec->window != 0;
}

bool HasPhrases(const Xapian::Query& query) {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (HasPhrases(query.get_subquery(i))) return true;
  }
  return false;
}

Xapian::Query WithPhraseChecks(const Xapian::Query& query, Xapian::valueno slot) {
  return ReplaceSubqueries(
      query, [slot](const Xapian::Query& sub, bool) -> std::optional<Xapian::Query> {
        const Xapian::Query::op op = sub.get_type();
        if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR) return std::nullopt;
        PhraseSpec spec;
        if (!ReadPhraseSpec(sub, &spec)) return sub;
        std::vector<Xapian::Query> words;
        for (size_t i = 0; i < sub.get_num_subqueries(); ++i) words.push_back(sub.get_subquery(i));
        auto* check = new PhraseCheckSource(std::move(spec), slot);
        return Xapian::Query(Xapian::Query::OP_FILTER,
                             Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                             Xapian::Query(check->release()));
      });
}

PhraseCheckSource::PhraseCheckSource(PhraseSpec spec, Xapian::valueno slot)
    : spec_(std::move(spec)), slot_(slot) {
  for (const auto& word : spec_.words) wanted_.insert(wanted_.end(), word.begin(), word.end());
  std::sort(wanted_.begin(), wanted_.end());
  wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  window_ =
      std::max<Xapian::termcount>(spec_.window, static_cast<Xapian::termcount>(spec_.words.size()));
  plain_phrase_ = spec_.ordered && wanted_.size() == spec_.words.size();
  for (const auto& word : spec_.words) plain_phrase_ = plain_phrase_ && word.size() == 1;
  adjacent_words_ = plain_phrase_ && window_ == spec_.words.size();
  run_.resize(spec_.words.size());
  of_term_.resize(wanted_.size());
  if (plain_phrase_) {
    word_of_wanted_.resize(wanted_.size());
    for (size_t i = 0; i < spec_.words.size(); ++i) {
      const auto at = std::lower_bound(wanted_.begin(), wanted_.end(), spec_.words[i][0]);
      word_of_wanted_[static_cast<size_t>(at - wanted_.begin())] = i;
    }
  }
}

bool PhraseCheckSource::ChainFits(const std::vector<Xapian::termpos>& latest) const {
  // Each word's latest position is the best choice for it when it comes
  // before the next word's (the highest start leaves the most room); when
  // it does not, an earlier one might, which the full check at the end
  // decides.
  const Xapian::termpos last = latest.back();
  Xapian::termpos next = last;
  for (size_t i = latest.size() - 1; i-- > 0;) {
    if (latest[i] == 0 || latest[i] >= next) return false;
    next = latest[i];
  }
  return last - next < window_;
}

PhraseCheckSource* PhraseCheckSource::clone() const { return new PhraseCheckSource(spec_, slot_); }

std::string PhraseCheckSource::get_description() const {
  std::string d = spec_.ordered ? "byline.PhraseCheck(phrase " : "byline.PhraseCheck(near ";
  d += std::to_string(spec_.window);
  for (const auto& word : spec_.words) {
    d += ' ';
    for (size_t i = 0; i < word.size(); ++i) d += (i > 0 ? "|" : "") + word[i];
  }
  return d + ")";
}

void PhraseCheckSource::init(const Xapian::Database& db) {
  db_ = db;
  firsts_.clear();
  for (const std::string& term : spec_.words.front()) firsts_.push_back(db_.postlist_begin(term));
  postings_.clear();
  for (const std::string& term : wanted_) postings_.push_back(db_.postlist_begin(term));
  // Said to match every article, so that the AND it filters never leads
  // with it (Xapian's AND moves its rarest part first): the words' posting
  // lists then pick the candidates, and only those reach Matches(). Led,
  // it would read the stream of every article holding the first word.
  articles_ = db_.get_doccount();
  streams_ = db_.valuestream_begin(slot_);
  current_ = 0;
  current_matches_ = false;
  at_end_ = false;
}

bool PhraseCheckSource::Holds(size_t wanted, Xapian::docid did) {
  Xapian::PostingIterator& it = postings_[wanted];
  const Xapian::PostingIterator end;
  // Xapian asks in increasing order; a test may not (an iterator already
  // at its end is not reopened: ascending, nothing comes after it).
  if (it != end && *it > did) it = db_.postlist_begin(wanted_[wanted]);
  if (it != end && *it < did) it.skip_to(did);
  return it != end && *it == did;
}

void PhraseCheckSource::MoveTo(Xapian::docid did) {
  while (true) {
    Xapian::docid lowest = 0;
    for (auto& it : firsts_) {
      if (it == Xapian::PostingIterator()) continue;
      if (*it < did) it.skip_to(did);
      if (it == Xapian::PostingIterator()) continue;
      if (lowest == 0 || *it < lowest) lowest = *it;
    }
    if (lowest == 0) {
      at_end_ = true;
      return;
    }
    current_ = lowest;
    current_matches_ = Matches(lowest);
    if (current_matches_) return;
    did = lowest + 1;
  }
}

void PhraseCheckSource::next(double) { MoveTo(current_ + 1); }

void PhraseCheckSource::skip_to(Xapian::docid did, double) {
  if (did > current_) {
    MoveTo(did);
  } else if (!current_matches_) {
    MoveTo(current_ + 1);  // after a check that failed, at `did` itself
  }
}

bool PhraseCheckSource::check(Xapian::docid did, double) {
  current_ = did;
  current_matches_ = Matches(did);
  return current_matches_;
}

bool PhraseCheckSource::Matches(Xapian::docid did) {
  std::vector<Positions>& of_term = of_term_;  // positions per wanted term
  for (Positions& positions : of_term) positions.clear();
  std::string stream;
  // (An iterator at its end must not be moved: an index with no stream at
  // all starts there.)
  const Xapian::ValueIterator end = db_.valuestream_end(slot_);
  if (streams_ != end && streams_.check(did) && streams_ != end && streams_.get_docid() == did) {
    stream = *streams_;
  }
  if (stream.empty()) {
    // An article written with Xapian's position table: its termlist is not
    // needed.
    for (size_t w = 0; w < wanted_.size(); ++w) {
      for (auto p = db_.positionlist_begin(did, wanted_[w]);
           p != db_.positionlist_end(did, wanted_[w]); ++p) {
        of_term[w].push_back(*p);
      }
    }
  } else {
    // The stream numbers the article's own terms; a wanted term the
    // article lacks (one of a word's alternatives) would get some other
    // term's number, so only those its posting list shows here are looked up.
    PositionStream& parsed = parsed_;
    if (!parsed.Parse(stream)) return false;  // damaged
    if (wanted_of_number_.size() < parsed.term_count()) {
      wanted_of_number_.resize(parsed.term_count(), 0);
    }
    std::vector<uint32_t>& marked = marked_;
    marked.clear();
    for (size_t w = 0; w < wanted_.size(); ++w) {
      if (!Holds(w, did)) continue;
      const uint32_t number = parsed.NumberOf(wanted_[w]);
      if (number >= parsed.term_count()) continue;  // not in the table: damaged
      wanted_of_number_[number] = static_cast<uint32_t>(w + 1);
      marked.push_back(number);
      if (adjacent_words_) run_[word_of_wanted_[w]] = number;
    }
    // Words that must stand side by side: most candidates lack their bytes.
    if (adjacent_words_ && marked.size() == run_.size() && !parsed.MayHoldRun(run_)) {
      for (uint32_t number : marked) wanted_of_number_[number] = 0;
      return false;
    }
    // A plain phrase stops at its first fit: the chain of each word's
    // latest position, back from the last word's, fits the window.
    std::vector<Xapian::termpos>& latest = latest_;
    latest.assign(spec_.words.size(), 0);
    bool fits = false;
    const bool ok = parsed.ForEachToken([&](Xapian::termpos pos, uint32_t number) {
      const uint32_t mark = wanted_of_number_[number];
      if (mark == 0) return true;
      of_term[mark - 1].push_back(pos);
      if (plain_phrase_) {
        const size_t word = word_of_wanted_[mark - 1];
        latest[word] = pos;
        fits = word + 1 == latest.size() && ChainFits(latest);
      }
      return !fits;
    });
    for (uint32_t number : marked) wanted_of_number_[number] = 0;
    if (!ok) return false;
    if (fits) return true;
  }
  // Positions per word: the union of its terms'.
  std::vector<Positions> of_word;
  for (const auto& word : spec_.words) {
    Positions merged;
    for (const std::string& term : word) {
      const size_t w = static_cast<size_t>(std::lower_bound(wanted_.begin(), wanted_.end(), term) -
                                           wanted_.begin());
      merged.insert(merged.end(), of_term[w].begin(), of_term[w].end());
    }
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    if (merged.empty()) return false;
    of_word.push_back(std::move(merged));
  }
  return PositionsMatch(of_word, spec_.ordered, spec_.window);
}

}  // namespace byline
