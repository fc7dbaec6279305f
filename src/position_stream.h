// Position streams: an article's word positions as one value
// (schema::kPositionsSlot) instead of Xapian's position table.
//
// Why: glass keeps one B-tree entry per (term, article) pair that has
// positions, about 17 bytes each before the positions themselves; that
// table was half of an index (bench/RESULTS.md, "Where the bytes are").
// The stream says, position by position, which of the article's terms
// stands there, as the term's index in the article's own sorted term list
// (the termlist Xapian keeps anyway, for updates): one byte per word for an
// article of fewer than 128 distinct terms.
//
// Layout (varints, LEB128): the number of terms in the article's termlist
// (a check that the stream and the termlist belong together), then one
// entry per position from 1 on: v = 1..T is the term of index v-1 at the
// next position; v = 0 is followed by a count g >= 1 of positions that hold
// no term (skipped); v = T+1 is followed by a count n >= 2 and n term
// indexes, all at the next position.
//
// Thread safety: free functions without shared state.
#ifndef BYLINE_SRC_POSITION_STREAM_H_
#define BYLINE_SRC_POSITION_STREAM_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace byline {

// One term at one position: (position, index of the term in the article's
// sorted termlist).
using TermAtPosition = std::pair<Xapian::termpos, uint32_t>;

// The stream of `tokens` (in any order; positions start at 1) for an
// article with `term_count` terms in its termlist.
std::string EncodePositionStream(uint32_t term_count, std::vector<TermAtPosition> tokens);

// Calls `at(position, term_index)` for every token of `stream` in position
// order. False (after calling `at` for what came before) when the stream is
// damaged; `*term_count` gets the termlist size it was written for.
template <typename At>
bool ForEachStreamToken(std::string_view stream, uint32_t* term_count, At at);

// Moves the positions of `doc`'s terms into a stream: returns the stream of
// every position `with_positions` holds, and adds each of its terms to
// `doc` with its wdf but without positions. `doc` may already hold other
// terms (without positions); the indexes are those of the combined,
// sorted termlist. Empty when `with_positions` holds no position.
std::string MovePositionsToStream(const Xapian::Document& with_positions, Xapian::Document* doc);

// The positions of every term of the article `docid` of `db`, from its
// stream in `slot` when it has one, else from Xapian's position table (an
// index written before streams): term -> positions, ascending. For tests
// and tools; a search reads streams through PhraseCheckSource.
std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> ReadTermPositions(
    const Xapian::Database& db, Xapian::docid docid, Xapian::valueno slot);

// --- inline implementation ---

namespace position_stream_internal {
inline bool GetVarint(std::string_view s, size_t* at, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *at < s.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(s[(*at)++]);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}
}  // namespace position_stream_internal

template <typename At>
bool ForEachStreamToken(std::string_view stream, uint32_t* term_count, At at) {
  using position_stream_internal::GetVarint;
  size_t i = 0;
  uint64_t terms;
  if (!GetVarint(stream, &i, &terms) || terms > UINT32_MAX) return false;
  *term_count = static_cast<uint32_t>(terms);
  uint64_t position = 0;
  constexpr uint64_t kMaxPosition = UINT32_MAX;
  while (i < stream.size()) {
    uint64_t v;
    if (!GetVarint(stream, &i, &v)) return false;
    if (v == 0) {
      uint64_t gap;
      if (!GetVarint(stream, &i, &gap) || gap == 0 || gap > kMaxPosition - position) return false;
      position += gap;
      continue;
    }
    if (++position > kMaxPosition) return false;
    const auto pos = static_cast<Xapian::termpos>(position);
    if (v <= terms) {
      at(pos, static_cast<uint32_t>(v - 1));
      continue;
    }
    uint64_t n;
    if (v != terms + 1 || !GetVarint(stream, &i, &n) || n < 2 || n > terms) return false;
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t index;
      if (!GetVarint(stream, &i, &index) || index >= terms) return false;
      at(pos, static_cast<uint32_t>(index));
    }
  }
  return true;
}

}  // namespace byline

#endif  // BYLINE_SRC_POSITION_STREAM_H_
