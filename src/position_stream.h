// Position streams: an article's word positions as one value
// (schema::kPositionsSlot) instead of Xapian's position table.
//
// Why: glass keeps one B-tree entry per (term, article) pair that has
// positions, about 17 bytes each before the positions themselves; that
// table was half of an index (bench/RESULTS.md, "Where the bytes are").
// The stream says, position by position, which of the article's terms
// stands there, by a number 0..T-1 of its T distinct terms: one byte per
// word for an article of fewer than 128 distinct terms.
//
// Which term a number names is kept in the stream itself, as a minimal
// perfect hash of the article's terms (src/perfect_hash.h): a phrase check
// finds its words' numbers in a few hash probes, reading nothing but the
// stream (numbering terms by their place in the termlist instead made it
// read and decompress every candidate's termlist: phrase queries about four
// times slower again at 400k articles). About 2.7 bits per distinct term.
//
// Layout (varints, LEB128): a mark byte, 0 or 1, 1 saying that no position
// holds two terms (so a phrase's words, numbered, stand in the stream as
// their bytes back to back: see MayHoldRun; an earlier build of format 4
// knew only 0, and the first, unreleased layout began with the term
// count); the table numbering each of the T terms
// of the article's termlist 0..T-1; then one entry per position from 1 on:
// v = 1..T is the term numbered v-1 at the next position; v = 0 is
// followed by a count g >= 1 of positions that hold no term (skipped);
// v = T+1 is followed by a count n >= 2 and n term numbers, all at the next
// position.
//
// Thread safety: free functions without shared state; a PositionStream is
// an immutable view of the bytes it parsed.
#ifndef BYLINE_SRC_POSITION_STREAM_H_
#define BYLINE_SRC_POSITION_STREAM_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perfect_hash.h"
#include "varint.h"

namespace byline {

// One term at one position: (position, the term's number).
using TermAtPosition = std::pair<Xapian::termpos, uint32_t>;

// The stream of `tokens` (in any order; positions start at 1) for an
// article whose termlist is `terms` (distinct); a token's number is the
// term's index in `terms`. Empty when no table can number `terms` (two of
// them with the same 64-bit hash): keep that article's positions in
// Xapian's position table.
std::string EncodePositionStream(const std::vector<std::string_view>& terms,
                                 std::vector<TermAtPosition> tokens);

// A stream read back.
class PositionStream {
 public:
  // False when `stream` is not a stream of this layout (damaged, or of the
  // first one). Keeps a view: `stream`'s bytes must outlive this object.
  bool Parse(std::string_view stream);

  // The number of terms in the article's termlist.
  uint32_t term_count() const { return table_.size(); }

  // The number the stream gives `term`, which must be in the article's
  // termlist (for another term: any number, or term_count()).
  uint32_t NumberOf(std::string_view term) const { return table_.NumberOf(term); }

  // False only when no run of consecutive positions holds the terms
  // numbered `numbers`, in that order: a byte search of the stream, nothing
  // decoded (most candidates of a phrase fail here). True when it may (a
  // match of the bytes can also fall across tokens), and for a stream in
  // which a position may hold two terms.
  bool MayHoldRun(const std::vector<uint32_t>& numbers) const;

  // Calls `at(position, term_number)` for every token in position order,
  // until `at` returns false. False (after calling `at` for what came
  // before) when the stream is damaged.
  template <typename At>
  bool ForEachToken(At at) const;

 private:
  PerfectHash table_;
  std::string_view tokens_;
  bool one_term_per_position_ = false;
};

// Moves the positions of `doc`'s terms into a stream: returns the stream of
// every position `doc` holds, and leaves each term in `doc` with its wdf but
// without positions; the table numbers `doc`'s whole termlist. When no table
// can be built (see EncodePositionStream) the terms keep their positions in
// `doc` and the stream is empty; empty too when `doc` holds no position.
std::string MovePositionsToStream(Xapian::Document* doc);

// The positions of every term of the article `docid` of `db`, from its
// stream in `slot` when it has one, else from Xapian's position table (an
// index written before streams): term -> positions, ascending. For tests
// and tools; a search reads streams through PhraseCheckSource.
std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> ReadTermPositions(
    const Xapian::Database& db, Xapian::docid docid, Xapian::valueno slot);

// --- inline implementation ---

template <typename At>
bool PositionStream::ForEachToken(At at) const {
  const uint64_t terms = table_.size();
  size_t i = 0;
  uint64_t position = 0;
  constexpr uint64_t kMaxPosition = UINT32_MAX;
  while (i < tokens_.size()) {
    uint64_t v = static_cast<unsigned char>(tokens_[i]);
    if (v < 0x80) {
      ++i;  // most tokens: one byte
    } else if (!GetVarint(tokens_, &i, &v)) {
      return false;
    }
    if (v == 0) {
      uint64_t gap;
      if (!GetVarint(tokens_, &i, &gap) || gap == 0 || gap > kMaxPosition - position) return false;
      position += gap;
      continue;
    }
    if (++position > kMaxPosition) return false;
    const auto pos = static_cast<Xapian::termpos>(position);
    if (v <= terms) {
      if (!at(pos, static_cast<uint32_t>(v - 1))) return true;
      continue;
    }
    uint64_t n;
    if (v != terms + 1 || !GetVarint(tokens_, &i, &n) || n < 2 || n > terms) return false;
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t number;
      if (!GetVarint(tokens_, &i, &number) || number >= terms) return false;
      if (!at(pos, static_cast<uint32_t>(number))) return true;
    }
  }
  return true;
}

}  // namespace byline

#endif  // BYLINE_SRC_POSITION_STREAM_H_
