#include "position_stream.h"

#include <algorithm>

namespace byline {
namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

}  // namespace

std::string EncodePositionStream(uint32_t term_count, std::vector<TermAtPosition> tokens) {
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  std::string out;
  out.reserve(tokens.size() + 8);
  PutVarint(&out, term_count);
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
      PutVarint(&out, uint64_t{term_count} + 1);
      PutVarint(&out, j - i);
      for (size_t k = i; k < j; ++k) PutVarint(&out, tokens[k].second);
    }
    last = pos;
    i = j;
  }
  return out;
}

std::string MovePositionsToStream(const Xapian::Document& with_positions, Xapian::Document* doc) {
  for (auto t = with_positions.termlist_begin(); t != with_positions.termlist_end(); ++t) {
    doc->add_term(*t, t.get_wdf());
  }
  // Both termlists are sorted, and every term of `with_positions` is in
  // `doc` now: one walk gives each its index in `doc`.
  std::vector<TermAtPosition> tokens;
  uint32_t index = 0;
  auto mine = with_positions.termlist_begin();
  const auto mine_end = with_positions.termlist_end();
  for (auto t = doc->termlist_begin(); t != doc->termlist_end(); ++t, ++index) {
    if (mine == mine_end || *mine != *t) continue;
    for (auto p = mine.positionlist_begin(); p != mine.positionlist_end(); ++p) {
      tokens.emplace_back(*p, index);
    }
    ++mine;
  }
  if (tokens.empty()) return "";
  return EncodePositionStream(index, std::move(tokens));
}

std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> ReadTermPositions(
    const Xapian::Database& db, Xapian::docid docid, Xapian::valueno slot) {
  std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> out;
  for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
    out.emplace_back(*t, std::vector<Xapian::termpos>());
  }
  const std::string stream = db.get_document(docid).get_value(slot);
  if (stream.empty()) {
    for (auto& [term, positions] : out) {
      for (auto p = db.positionlist_begin(docid, term); p != db.positionlist_end(docid, term);
           ++p) {
        positions.push_back(*p);
      }
    }
  } else {
    uint32_t terms = 0;
    ForEachStreamToken(stream, &terms, [&](Xapian::termpos pos, uint32_t index) {
      if (index < out.size()) out[index].second.push_back(pos);
    });
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const auto& e) { return e.second.empty(); }),
            out.end());
  return out;
}

}  // namespace byline
