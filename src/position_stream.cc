#include "position_stream.h"

#include <algorithm>

namespace byline {
namespace {

// The stream's first byte (see the header: the second layout), and the one
// of such a stream whose every position holds one term.
constexpr char kLayoutMark = '\0';
constexpr char kOneTermPerPositionMark = '\1';

}  // namespace

std::string EncodePositionStream(const std::vector<std::string_view>& terms,
                                 std::vector<TermAtPosition> tokens) {
  std::string out(1, kLayoutMark);
  std::vector<uint32_t> number;
  if (!AppendPerfectHash(terms, &out, &number)) return "";
  for (auto& token : tokens) token.second = number[token.second];
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  const auto shared = std::adjacent_find(
      tokens.begin(), tokens.end(),
      [](const TermAtPosition& a, const TermAtPosition& b) { return a.first == b.first; });
  if (shared == tokens.end()) out[0] = kOneTermPerPositionMark;
  const uint64_t term_count = terms.size();
  out.reserve(out.size() + tokens.size() + 8);
  Xapian::termpos last = 0;  // the position of the last entry written
  for (size_t i = 0; i < tokens.size();) {
    const Xapian::termpos pos = tokens[i].first;
    size_t j = i + 1;
    while (j < tokens.size() && tokens[j].first == pos) ++j;
    if (pos > last + 1) {
      PutVarint(&out, 0);
      PutVarint(&out, pos - last - 1);
    }
    if (j - i == 1) {
      PutVarint(&out, uint64_t{tokens[i].second} + 1);
    } else {
      PutVarint(&out, term_count + 1);
      PutVarint(&out, j - i);
      for (size_t k = i; k < j; ++k) PutVarint(&out, tokens[k].second);
    }
    last = pos;
    i = j;
  }
  return out;
}

bool PositionStream::Parse(std::string_view stream) {
  size_t used = 0;
  if (stream.empty() || (stream[0] != kLayoutMark && stream[0] != kOneTermPerPositionMark) ||
      !table_.Parse(stream.substr(1), &used)) {
    return false;
  }
  one_term_per_position_ = stream[0] == kOneTermPerPositionMark;
  tokens_ = stream.substr(1 + used);
  return true;
}

bool PositionStream::MayHoldRun(const std::vector<uint32_t>& numbers) const {
  if (!one_term_per_position_) return true;
  // Consecutive positions with one term each are consecutive entries (a
  // gap entry only comes between positions that are not).
  std::string bytes;
  for (const uint32_t number : numbers) PutVarint(&bytes, uint64_t{number} + 1);
  return tokens_.find(bytes) != std::string_view::npos;
}

std::string MovePositionsToStream(Xapian::Document* doc) {
  std::vector<std::string> terms;
  std::vector<TermAtPosition> tokens;
  std::vector<uint32_t> positioned;  // the indexes in `terms` of terms with positions
  for (auto t = doc->termlist_begin(); t != doc->termlist_end(); ++t) {
    terms.push_back(*t);
    const auto index = static_cast<uint32_t>(terms.size() - 1);
    auto p = t.positionlist_begin();
    if (p == t.positionlist_end()) continue;
    positioned.push_back(index);
    for (; p != t.positionlist_end(); ++p) tokens.emplace_back(*p, index);
  }
  if (tokens.empty()) return "";
  std::string stream = EncodePositionStream({terms.begin(), terms.end()}, tokens);
  // No table for these terms: the article keeps Xapian's position table,
  // which phrase checks read when an article has no stream.
  if (stream.empty()) return "";
  for (const uint32_t index : positioned) {
    doc->remove_postings(terms[index], 0, Xapian::termpos(-1), 0);  // the wdf stays
  }
  return stream;
}

std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> ReadTermPositions(
    const Xapian::Database& db, Xapian::docid docid, Xapian::valueno slot) {
  std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> out;
  for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
    out.emplace_back(*t, std::vector<Xapian::termpos>());
  }
  const std::string value = db.get_document(docid).get_value(slot);
  PositionStream stream;
  if (value.empty()) {
    for (auto& [term, positions] : out) {
      for (auto p = db.positionlist_begin(docid, term); p != db.positionlist_end(docid, term);
           ++p) {
        positions.push_back(*p);
      }
    }
  } else if (stream.Parse(value) && stream.term_count() == out.size()) {
    std::vector<size_t> term_of(out.size());  // number -> index in `out`
    for (size_t i = 0; i < out.size(); ++i) {
      const uint32_t number = stream.NumberOf(out[i].first);
      if (number < term_of.size()) term_of[number] = i;
    }
    stream.ForEachToken([&](Xapian::termpos pos, uint32_t number) {
      out[term_of[number]].second.push_back(pos);
      return true;
    });
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const auto& e) { return e.second.empty(); }),
            out.end());
  return out;
}

}  // namespace byline
