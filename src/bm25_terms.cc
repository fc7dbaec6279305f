#include "bm25_terms.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "query_rewrite.h"
#include "shared_by_key.h"

namespace byline {
namespace {

std::vector<Xapian::termcount> ReadLengths(const Xapian::Database& shard) {
  std::vector<Xapian::termcount> lengths(shard.get_lastdocid() + 1, 0);
  for (auto p = shard.postlist_begin(""); p != shard.postlist_end(""); ++p) {
    lengths[*p] = p.get_doclength();
  }
  return lengths;
}

}  // namespace

const std::vector<Xapian::termcount>* ArticleLengths::Of(const Xapian::Database& shard) {
  std::string key = shard.get_uuid();
  if (key.empty()) return nullptr;
  try {
    key += '@' + std::to_string(shard.get_revision());
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;  // no revision to know it by
  }
  for (const auto& [known, lengths] : shards_) {
    if (known == key) return lengths.get();
  }
  auto lengths =
      SharedByKey<std::vector<Xapian::termcount>>(key, [&] { return ReadLengths(shard); });
  shards_.emplace_back(key, lengths);
  return lengths.get();
}

Xapian::Query WithLengthsInMemory(const Xapian::Query& query, const Xapian::Database& db,
                                  const Bm25Parameters& parameters, ArticleLengths* lengths) {
  Bm25TermSource::Statistics statistics;
  statistics.articles = db.get_doccount();
  statistics.average_length = db.get_avlength();
  return ReplaceSubqueries(
      query, [&](const Xapian::Query& sub, bool weighted) -> std::optional<Xapian::Query> {
        switch (sub.get_type()) {
          case Xapian::Query::LEAF_TERM: {
            const std::string term = *sub.get_terms_begin();
            if (!weighted || term.empty()) return sub;
            Bm25TermSource::Statistics of_term = statistics;
            of_term.with_term = db.get_termfreq(term);
            auto* source = new Bm25TermSource(term, LeafWqf(sub), of_term, parameters, lengths);
            return Xapian::Query(source->release());
          }
          case Xapian::Query::OP_AND:
          case Xapian::Query::OP_OR:
          case Xapian::Query::OP_AND_NOT:
          case Xapian::Query::OP_AND_MAYBE:
          case Xapian::Query::OP_FILTER:
          case Xapian::Query::OP_SCALE_WEIGHT:
            return std::nullopt;
          default:
            // Phrases, synonyms, wildcards, sources; and OP_XOR and OP_MAX
            // (rare in a parsed query), which stay as tested: Xapian 1.4.22
            // itself read freed memory running some queries with them twice
            // over two shards, with or without sources of ours.
            return sub;
        }
      });
}

Bm25TermSource::Bm25TermSource(std::string term, Xapian::termcount wqf,
                               const Statistics& statistics, const Bm25Parameters& parameters,
                               ArticleLengths* lengths)
    : term_(std::move(term)),
      wqf_(wqf),
      statistics_(statistics),
      parameters_(parameters),
      lengths_(lengths) {
  // As Xapian 1.4's BM25Weight::init and BM25PlusWeight::init work them out
  // (without a relevance set, with k2 = 0), so that the weights are the same.
  const double n = statistics_.articles;
  const double with_term = statistics_.with_term;
  if (parameters_.delta > 0) {
    termweight_ = with_term == 0 ? 0 : std::log((n + 1) / with_term);
  } else {
    double tw = (n - with_term + 0.5) / (with_term + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    termweight_ = std::log(tw);
  }
  if (parameters_.k3 != 0) {
    const double q = wqf_;
    termweight_ *= (parameters_.k3 + 1) * q / (parameters_.k3 + q);
  }
  if (parameters_.delta <= 0) termweight_ *= parameters_.k1 + 1;
  if (parameters_.b != 0 && parameters_.k1 != 0 && statistics_.average_length != 0) {
    length_factor_ = 1 / statistics_.average_length;
  }
}

Bm25TermSource* Bm25TermSource::clone() const {
  return new Bm25TermSource(term_, wqf_, statistics_, parameters_, lengths_);
}

void Bm25TermSource::init(const Xapian::Database& db) {
  db_ = db;
  shard_lengths_ = lengths_ != nullptr ? lengths_->Of(db) : nullptr;
  if (shard_lengths_ != nullptr && shard_lengths_->size() <= db.get_lastdocid()) {
    shard_lengths_ = nullptr;  // not this shard's: ask it
  }
  it_ = db.postlist_begin(term_);
  end_ = db.postlist_end(term_);
  before_start_ = true;
  termfreq_ = db.get_termfreq(term_);
  // The highest weight a posting can have here, as Xapian bounds it: at the
  // highest wdf, in an article no shorter than that wdf nor than the
  // shortest article (the weight grows with the wdf even as the length
  // grows with it). A hair above, so that rounding cannot put it below.
  const Xapian::termcount wdf_max = termfreq_ == 0 ? 0 : db.get_wdf_upper_bound(term_);
  const Xapian::termcount length_min = std::max(wdf_max, db.get_doclength_lower_bound());
  set_maxweight(wdf_max == 0 ? 0 : WeightOf(wdf_max, length_min) * (1 + 1e-9));
}

double Bm25TermSource::WeightOf(Xapian::termcount wdf, Xapian::termcount length) const {
  const Bm25Parameters& p = parameters_;
  const double normlen = std::max(length * length_factor_, p.min_normlen);
  const double w = wdf;
  const double denom = p.k1 * (normlen * p.b + (1 - p.b)) + w;
  if (p.delta > 0) return termweight_ * ((p.k1 + 1) * w / denom + p.delta);
  return termweight_ * (w / denom);
}

double Bm25TermSource::get_weight() const {
  const Xapian::docid did = *it_;
  const Xapian::termcount length =
      shard_lengths_ != nullptr ? (*shard_lengths_)[did] : db_.get_doclength(did);
  return WeightOf(it_.get_wdf(), length);
}

void Bm25TermSource::next(double) {
  if (before_start_) {
    before_start_ = false;  // at the first posting already
  } else {
    ++it_;
  }
}

void Bm25TermSource::skip_to(Xapian::docid did, double) {
  before_start_ = false;
  if (it_ != end_ && *it_ < did) it_.skip_to(did);
}

std::string Bm25TermSource::get_description() const {
  return "byline.Bm25Term(" + term_ + (wqf_ != 1 ? "#" + std::to_string(wqf_) : "") + ")";
}

}  // namespace byline
