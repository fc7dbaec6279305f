// Position streams and phrase checks (src/position_stream.h,
// src/phrase_check.h): the stream codec, the position matching against a
// brute force, and phrase and NEAR queries against Xapian's own matching of
// the same documents with a position table.
#include "phrase_check.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "byline/index_writer.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "byline/sharded_writer.h"
#include "position_stream.h"
#include "testutil.h"

namespace byline {
namespace {

using Positions = std::vector<Xapian::termpos>;

// --- The stream codec ---

// `n` distinct terms, as an article's termlist holds them (sorted).
std::vector<std::string> SomeTerms(std::mt19937* rng, uint32_t n) {
  std::set<std::string> terms;
  while (terms.size() < n) {
    std::string term = (*rng)() % 4 == 0 ? "ZS" : "Z";
    for (uint32_t i = 0, len = 1 + (*rng)() % 9; i < len; ++i) term += 'a' + (*rng)() % 26;
    terms.insert(term);
  }
  return {terms.begin(), terms.end()};
}

std::vector<std::string_view> Views(const std::vector<std::string>& terms) {
  return {terms.begin(), terms.end()};
}

TEST(PositionStreamTest, DecodesWhatItEncodesWithGapsAndSharedPositions) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const uint32_t n = 1 + rng() % 300;
    const std::vector<std::string> terms = SomeTerms(&rng, n);
    std::vector<TermAtPosition> tokens;
    Xapian::termpos pos = 0;
    const int count = static_cast<int>(rng() % 60);
    for (int i = 0; i < count; ++i) {
      pos += (rng() % 5 == 0) ? 1 + rng() % 150 : 1;  // gaps, some as increase_termpos makes
      tokens.emplace_back(pos, rng() % n);
      if (rng() % 10 == 0) tokens.emplace_back(pos, rng() % n);  // two terms at one position
    }
    const std::string encoded = EncodePositionStream(Views(terms), tokens);
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    PositionStream stream;
    ASSERT_TRUE(stream.Parse(encoded)) << "round " << round;
    ASSERT_EQ(stream.term_count(), n);
    std::vector<uint32_t> index_of(n, n);  // the stream's number -> index in `terms`
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t number = stream.NumberOf(terms[i]);
      ASSERT_LT(number, n);
      ASSERT_EQ(index_of[number], n) << "two terms numbered " << number;
      index_of[number] = i;
    }
    std::vector<TermAtPosition> decoded;
    ASSERT_TRUE(stream.ForEachToken(
        [&](Xapian::termpos p, uint32_t t) { return decoded.emplace_back(p, index_of[t]), true; }));
    std::sort(decoded.begin(), decoded.end());
    EXPECT_EQ(decoded, tokens) << "round " << round;
  }
}

TEST(PositionStreamTest, AWordATermUnderAHundredAndTwentyEightTakesOneByte) {
  std::mt19937 rng(3);
  const std::vector<std::string> terms = SomeTerms(&rng, 100);
  std::vector<TermAtPosition> tokens;
  for (Xapian::termpos p = 1; p <= 100; ++p) tokens.emplace_back(p, p % 100);
  const size_t table = EncodePositionStream(Views(terms), {}).size();
  EXPECT_EQ(EncodePositionStream(Views(terms), tokens).size(), table + 100u);
  // The table: the mark, the count, and about e bits a term.
  EXPECT_LE(table, 2u + 100 * 4 / 8);
}

// Whether terms numbered `run` stand at consecutive positions of `tokens`.
bool HoldsRun(const std::vector<TermAtPosition>& tokens, const std::vector<uint32_t>& run) {
  std::set<TermAtPosition> at(tokens.begin(), tokens.end());
  for (const auto& [pos, number] : tokens) {
    bool all = true;
    for (size_t i = 0; i < run.size() && all; ++i) {
      all = at.count({pos + static_cast<Xapian::termpos>(i), run[i]}) > 0;
    }
    if (all) return true;
  }
  return false;
}

TEST(PositionStreamTest, ARunOfTermsIsFoundAsBytesWhenEachPositionHoldsOne) {
  std::mt19937 rng(13);
  int told_apart = 0, searched = 0;
  for (int round = 0; round < 2000; ++round) {
    const uint32_t n = 2 + rng() % 200;      // some numbers take two bytes
    const uint32_t often = std::min(n, 6u);  // a few words often
    const std::vector<std::string> terms = SomeTerms(&rng, n);
    const bool two_at_some = round % 4 == 0;
    std::vector<TermAtPosition> tokens;
    Xapian::termpos pos = 0;
    for (int i = 0, count = 1 + static_cast<int>(rng() % 80); i < count; ++i) {
      pos += (rng() % 6 == 0) ? 2 + rng() % 130 : 1;
      tokens.emplace_back(pos, rng() % (rng() % 2 ? often : n));
      if (two_at_some && rng() % 5 == 0) tokens.emplace_back(pos, rng() % often);
    }
    const std::string encoded = EncodePositionStream(Views(terms), tokens);
    PositionStream stream;
    ASSERT_TRUE(stream.Parse(encoded));
    std::set<TermAtPosition> distinct(tokens.begin(), tokens.end());
    std::set<Xapian::termpos> positions;
    for (const auto& token : distinct) positions.insert(token.first);
    const bool shared = positions.size() < distinct.size();  // a position holds two
    for (int q = 0; q < 20; ++q) {
      std::vector<uint32_t> run(2 + rng() % 2), numbers;
      for (auto& t : run) {
        t = rng() % (rng() % 2 ? often : n);
        numbers.push_back(stream.NumberOf(terms[t]));
      }
      const bool holds = HoldsRun(tokens, run);
      const bool may = stream.MayHoldRun(numbers);
      if (holds) {
        ASSERT_TRUE(may) << "round " << round << ": a run missed";
      }
      if (shared) {
        EXPECT_TRUE(may) << "round " << round << ": a position holds two terms";
      } else if (!holds) {
        ++searched;
        told_apart += may ? 0 : 1;
      }
    }
  }
  // Most runs that are not there are told so without decoding.
  EXPECT_GT(told_apart, searched * 9 / 10);
}

TEST(PositionStreamTest, ADamagedStreamIsRefusedNeverOverread) {
  std::mt19937 rng(11);
  const std::vector<std::string> terms = SomeTerms(&rng, 40);
  std::vector<TermAtPosition> tokens;
  for (Xapian::termpos p = 1; p <= 200; ++p) tokens.emplace_back(p * (1 + p % 3), rng() % 40);
  const std::string good = EncodePositionStream(Views(terms), tokens);
  for (int round = 0; round < 3000; ++round) {
    std::string junk;
    if (round % 2 == 0) {
      junk.assign(rng() % 40, '\0');
      for (char& c : junk) c = static_cast<char>(rng());
      if (!junk.empty() && rng() % 2 == 0) junk[0] = '\0';  // the right mark
    } else {
      junk = good.substr(0, rng() % (good.size() + 1));  // cut short
      if (!junk.empty() && rng() % 2 == 0) junk[rng() % junk.size()] ^= 1 << (rng() % 8);
    }
    PositionStream stream;
    if (!stream.Parse(junk)) continue;
    bool in_range = true;
    const uint32_t n = stream.term_count();
    for (const std::string& term : terms) in_range = in_range && stream.NumberOf(term) <= n;
    stream.ForEachToken([&](Xapian::termpos p, uint32_t t) {
      if (p == 0 || t >= n) in_range = false;
      return true;
    });
    EXPECT_TRUE(in_range) << "round " << round;
  }
  PositionStream stream;
  // The first layout (no leading 0) and nothing at all.
  EXPECT_FALSE(stream.Parse(std::string("\x02\x01\x02", 3)));
  EXPECT_FALSE(stream.Parse(""));
  // Cut short in the middle of a varint (the stream is a view: the bytes
  // must outlive it).
  const std::string cut_short = good + "\x81";
  ASSERT_TRUE(stream.Parse(cut_short));
  EXPECT_FALSE(stream.ForEachToken([](auto, auto) { return true; }));
  // A term number past the termlist.
  const std::string past_the_end = good + "\x2a";  // 42 = T + 2
  ASSERT_TRUE(stream.Parse(past_the_end));
  EXPECT_FALSE(stream.ForEachToken([](auto, auto) { return true; }));
}

// --- Position matching against every assignment ---

bool BruteForce(const std::vector<Positions>& positions, bool ordered, Xapian::termcount window) {
  std::vector<Xapian::termpos> chosen;
  std::function<bool(size_t)> pick = [&](size_t word) {
    if (word == positions.size()) {
      const auto [lo, hi] = std::minmax_element(chosen.begin(), chosen.end());
      if (*hi - *lo >= window) return false;
      std::set<Xapian::termpos> distinct(chosen.begin(), chosen.end());
      if (distinct.size() != chosen.size()) return false;
      return !ordered || std::is_sorted(chosen.begin(), chosen.end());
    }
    for (Xapian::termpos p : positions[word]) {
      chosen.push_back(p);
      if (pick(word + 1)) return true;
      chosen.pop_back();
    }
    return false;
  };
  return pick(0);
}

TEST(PositionsMatchTest, AgreesWithEveryAssignmentTried) {
  std::mt19937 rng(3);
  for (int round = 0; round < 20000; ++round) {
    const size_t words = 2 + rng() % 3;
    std::vector<Positions> positions(words);
    for (auto& p : positions) {
      const int n = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) p.push_back(1 + rng() % 14);
      std::sort(p.begin(), p.end());
      p.erase(std::unique(p.begin(), p.end()), p.end());
    }
    const bool ordered = rng() % 2 == 0;
    const auto window = static_cast<Xapian::termcount>(words + rng() % 5);
    ASSERT_EQ(PositionsMatch(positions, ordered, window), BruteForce(positions, ordered, window))
        << "round " << round;
  }
}

// --- Queries: streams against Xapian's position table ---

// Random documents over a small vocabulary, so phrases both match and miss.
std::vector<Xapian::Document> RandomDocuments(std::mt19937* rng, int count) {
  static const char* const kWords[] = {"red", "blue", "sky", "sea", "ship", "sun", "gold", "tide"};
  std::vector<Xapian::Document> docs;
  for (int d = 0; d < count; ++d) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + std::to_string(d));
    const int n = 3 + static_cast<int>((*rng)() % 30);
    Xapian::termpos pos = 0;
    for (int i = 0; i < n; ++i) {
      pos += ((*rng)() % 8 == 0) ? 2 + (*rng)() % 3 : 1;  // stopword-like holes
      const size_t word = (*rng)() % 8;
      doc.add_posting(kWords[word], pos);
      // In one document of eight, some positions hold two words (so its
      // stream is not searched as bytes: MayHoldRun).
      if (d % 8 == 0 && (*rng)() % 4 == 0)
        doc.add_posting(kWords[(word + 1 + (*rng)() % 7) % 8], pos);
      if ((*rng)() % 6 == 0) doc.add_posting(std::string("S") + kWords[(*rng)() % 8], pos + 1000);
    }
    docs.push_back(doc);
  }
  return docs;
}

// `positioned` as DocumentBuilder leaves a compact index's document: a
// copy (a Xapian::Document copied by value shares its terms), its positions
// moved into a stream.
Xapian::Document WithStream(const Xapian::Document& positioned) {
  Xapian::Document doc;
  doc.set_data(positioned.get_data());
  for (auto v = positioned.values_begin(); v != positioned.values_end(); ++v) {
    doc.add_value(v.get_valueno(), *v);
  }
  for (auto t = positioned.termlist_begin(); t != positioned.termlist_end(); ++t) {
    doc.add_term(*t, t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      doc.add_posting(*t, *p, 0);
  }
  const std::string stream = MovePositionsToStream(&doc);
  if (!stream.empty()) doc.add_value(schema::kPositionsSlot, stream);
  return doc;
}

std::map<Xapian::docid, double> Matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount() + 1);
  std::map<Xapian::docid, double> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

class PhraseQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(5);
    for (const auto& doc : RandomDocuments(&rng, 300)) {
      table_.add_document(doc);
      streams_.add_document(WithStream(doc));
    }
    // Half and half: articles of both kinds in one search.
    for (Xapian::docid did = 1; did <= table_.get_doccount(); ++did) {
      (did % 2 ? mixed_table_ : mixed_streams_)
          .add_document(did % 2 ? table_.get_document(did) : streams_.get_document(did));
    }
    mixed_.add_database(mixed_table_);
    mixed_.add_database(mixed_streams_);
    ASSERT_TRUE(table_.has_positions());
    ASSERT_FALSE(streams_.has_positions());
  }

  // The same matches and weights as Xapian's own positional matching.
  // `beyond_xapian`: a NEAR, where Xapian's greedy walk misses some matches
  // when a term is in two of its words or two of its words share a
  // position; then the checked query may match more, each extra article
  // shown to fit by trying every assignment of positions, and (unless
  // `shared_terms`) holding two words at one position (RandomDocuments:
  // d % 8 == 0, docid d + 1).
  void ExpectSame(const Xapian::Query& query, bool beyond_xapian = false,
                  bool shared_terms = false) {
    const auto expected = Matches(table_, query);
    const Xapian::Query checked = WithPhraseChecks(query, schema::kPositionsSlot);
    const auto got = Matches(streams_, checked);
    for (const auto& [did, weight] : expected) {
      ASSERT_EQ(got.count(did), 1u) << query.get_description() << " misses " << did;
      EXPECT_NEAR(got.at(did), weight, 1e-9) << query.get_description();
    }
    if (beyond_xapian) {
      PhraseSpec spec;
      ASSERT_TRUE(ReadPhraseSpec(query, &spec));
      for (const auto& [did, w] : got) {
        if (expected.count(did)) continue;
        std::map<std::string, Positions> of_term;
        for (auto& [term, p] : ReadTermPositions(table_, did, schema::kPositionsSlot)) {
          of_term[term] = p;
        }
        std::vector<Positions> of_word;
        for (const auto& word : spec.words) {
          Positions merged;
          for (const auto& term : word) {
            merged.insert(merged.end(), of_term[term].begin(), of_term[term].end());
          }
          std::sort(merged.begin(), merged.end());
          merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
          of_word.push_back(merged);
        }
        EXPECT_TRUE(BruteForce(of_word, spec.ordered, spec.window))
            << query.get_description() << " matches " << did;
        if (!shared_terms) {
          EXPECT_EQ((did - 1) % 8, 0u) << query.get_description() << " matches " << did
                                       << ", which holds no two words at a position";
        }
      }
      return;
    }
    ASSERT_EQ(got.size(), expected.size()) << query.get_description();
    // Over a database of both kinds (docids interleaved): the same set.
    const auto mixed = Matches(mixed_, checked);
    std::set<Xapian::docid> a, b;
    for (const auto& [did, w] : expected) a.insert(did);
    for (const auto& [did, w] : mixed) {
      // mixed_ interleaves: its docid 2k-1 is mixed_table_'s k, 2k mixed_streams_'s k.
      const Xapian::docid k = (did + 1) / 2;
      b.insert(did % 2 ? 2 * k - 1 : 2 * k);
    }
    EXPECT_EQ(a, b) << query.get_description();
  }

  Xapian::WritableDatabase table_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Xapian::WritableDatabase streams_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Xapian::WritableDatabase mixed_table_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Xapian::WritableDatabase mixed_streams_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Xapian::Database mixed_;
};

TEST_F(PhraseQueriesTest, PhrasesAndNearMatchAsXapianDoesWithPositions) {
  static const char* const kWords[] = {"red", "blue", "sky", "sea", "ship", "sun", "gold", "tide"};
  std::mt19937 rng(9);
  int matched = 0;
  for (int round = 0; round < 400; ++round) {
    const size_t n = 2 + rng() % 3;
    std::vector<Xapian::Query> words;
    for (size_t i = 0; i < n; ++i) {
      if (rng() % 5 == 0) {
        const Xapian::Query either[] = {Xapian::Query(kWords[rng() % 8]),
                                        Xapian::Query(kWords[rng() % 8])};
        words.emplace_back(Xapian::Query::OP_OR, either, either + 2);
      } else {
        words.emplace_back(kWords[rng() % 8]);
      }
    }
    const auto op = rng() % 2 ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR;
    const auto window = static_cast<Xapian::termcount>(rng() % 3 == 0 ? 0 : n + rng() % 6);
    const Xapian::Query phrase(op, words.begin(), words.end(), window);
    std::set<std::string> distinct;
    size_t terms = 0;
    for (const auto& w : words) {
      for (auto t = w.get_unique_terms_begin(); t != w.get_unique_terms_end(); ++t, ++terms) {
        distinct.insert(*t);
      }
    }
    // A NEAR with a term in two of its words, or over two words at one
    // position (documents d % 8 == 0), can be missed by Xapian's greedy walk.
    const bool shared = distinct.size() < terms;
    ASSERT_NO_FATAL_FAILURE(ExpectSame(phrase, op == Xapian::Query::OP_NEAR, shared));
    if (!Matches(table_, phrase).empty()) ++matched;
  }
  EXPECT_GT(matched, 100);  // the comparison saw matches, not only misses
}

TEST_F(PhraseQueriesTest, PhrasesInsideOtherOperatorsAreCheckedWhereTheyStand) {
  const Xapian::Query red_sky[] = {Xapian::Query("red"), Xapian::Query("sky")};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, red_sky, red_sky + 2);
  const Xapian::Query title[] = {Xapian::Query("Sgold"), Xapian::Query("Ssun")};
  const Xapian::Query title_phrase(Xapian::Query::OP_PHRASE, title, title + 2);
  const Xapian::Query near(Xapian::Query::OP_NEAR, red_sky, red_sky + 2, 3);
  const std::vector<Xapian::Query> queries = {
      Xapian::Query(Xapian::Query::OP_OR, phrase, Xapian::Query("tide")),
      Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("sea"), phrase),
      Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query("ship"), near),
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase, 2.75),
      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("sun"), title_phrase),
      Xapian::Query(Xapian::Query::OP_XOR, phrase, near),
      Xapian::Query(Xapian::Query::OP_OR,
                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_AND, phrase, title_phrase), 0.5),
                    Xapian::Query("gold")),
  };
  for (const auto& q : queries) ASSERT_NO_FATAL_FAILURE(ExpectSame(q));
}

TEST(WithPhraseChecksTest, LeavesAQueryWithoutPhrasesAsItIs) {
  const Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("b"));
  EXPECT_EQ(WithPhraseChecks(q, schema::kPositionsSlot).get_description(), q.get_description());
}

TEST(WithPhraseChecksTest, ReadsTheWindowOfWhatTheQueryParserMakes) {
  Xapian::QueryParser parser;
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN;
  const std::pair<const char*, std::pair<Xapian::termcount, bool>> cases[] = {
      {"\"a b c\"", {3, true}}, {"a NEAR b", {11, false}}, {"a NEAR/3 b", {4, false}},
      {"a ADJ/5 b", {6, true}}, {"e-mail", {2, true}},
  };
  for (const auto& [text, expected] : cases) {
    const Xapian::Query q = parser.parse_query(text, flags);
    Xapian::Query phrase = q;
    while (phrase.get_type() != Xapian::Query::OP_PHRASE &&
           phrase.get_type() != Xapian::Query::OP_NEAR) {
      ASSERT_GT(phrase.get_num_subqueries(), 0u) << text;
      phrase = phrase.get_subquery(0);
    }
    PhraseSpec spec;
    ASSERT_TRUE(ReadPhraseSpec(phrase, &spec)) << text;
    EXPECT_EQ(spec.window, expected.first) << text;
    EXPECT_EQ(spec.ordered, expected.second) << text;
  }
}

// --- End to end: an index of this format, and an older one updated ---

SearchRequest Query(const std::string& text) {
  SearchRequest req;
  req.query = text;
  req.limit = 50;
  return req;
}

std::set<std::string> Ids(Searcher* searcher, const std::string& text) {
  auto r = searcher->Search(Query(text));
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::set<std::string> ids;
  if (r.ok()) {
    for (const auto& hit : r->hits) ids.insert(hit.id);
  }
  return ids;
}

// A compact index (IndexOptions::positions "stream") of `articles`,
// written by the update path.
void BuildStreamIndex(const std::string& dir, const std::vector<Article>& articles) {
  IndexOptions options;
  options.positions = "stream";
  auto writer = IndexWriter::Open(dir, options);
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  for (const Article& a : articles) ASSERT_TRUE((*writer)->Upsert(a).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
}

std::vector<Article> PhraseArticles() {
  return {
      testing::MakeArticle("exact", "Harbour report", "The tidal power plant opens in May."),
      testing::MakeArticle("apart", "Harbour report", "Power from the tidal plant arrives."),
      testing::MakeArticle("title", "Tidal power plant", "Nothing else here."),
      testing::MakeArticle("near", "Notes", "A tidal barrier will power the plant nearby."),
  };
}

TEST(PositionStreamIndexTest, AnIndexKeepsNoPositionTableAndChecksItsPhrases) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(BuildStreamIndex(dir.path(), PhraseArticles()));
  {
    Xapian::Database db(dir.path());
    EXPECT_FALSE(db.has_positions());
    EXPECT_EQ(db.get_metadata(schema::kFormatMetadataKey), std::to_string(schema::kIndexFormat));
    const Xapian::docid exact = *db.postlist_begin(schema::IdTerm("exact"));
    std::map<std::string, Positions> positions;
    for (auto& [term, p] : ReadTermPositions(db, exact, schema::kPositionsSlot))
      positions[term] = p;
    ASSERT_EQ(positions["Ztidal"].size(), 1u);
    EXPECT_EQ(positions["Zpower"], Positions{positions["Ztidal"][0] + 1});
    EXPECT_EQ(positions["Zplant"], Positions{positions["Ztidal"][0] + 2});
    // Title words stand twice: as words, and again under title:'s prefix.
    EXPECT_EQ(positions["Zharbour"].size(), 1u);
    EXPECT_EQ(positions["ZSharbour"].size(), 1u);
  }
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  EXPECT_EQ(Ids(searcher.get(), "\"tidal power plant\""),
            (std::set<std::string>{"exact", "title"}));
  EXPECT_EQ(Ids(searcher.get(), "tidal power plant"),
            (std::set<std::string>{"exact", "apart", "title", "near"}));
  EXPECT_EQ(Ids(searcher.get(), "title:\"tidal power\""), std::set<std::string>{"title"});
  EXPECT_EQ(Ids(searcher.get(), "harbour -\"power plant\""), std::set<std::string>{"apart"});
}

TEST(PositionStreamIndexTest, ADeleteByPhraseTakesOnlyThePhrase) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(BuildStreamIndex(dir.path(), PhraseArticles()));
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_TRUE(writer.ok());
    auto ids = (*writer)->IdsMatching("\"tidal power plant\"");
    ASSERT_TRUE(ids.ok()) << ids.status().message();
    EXPECT_EQ(std::set<std::string>(ids->begin(), ids->end()),
              (std::set<std::string>{"exact", "title"}));
    // NEAR is an operator where queries are taken as typed (deletes).
    auto near = (*writer)->IdsMatching("tidal NEAR/3 plant");
    ASSERT_TRUE(near.ok()) << near.status().message();
    EXPECT_EQ(std::set<std::string>(near->begin(), near->end()),
              (std::set<std::string>{"exact", "apart", "title"}));
    for (const std::string& id : *ids) ASSERT_TRUE((*writer)->Delete(id).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  auto searcher = testing::OpenSearcher(dir.path());
  ASSERT_NE(searcher, nullptr);
  EXPECT_EQ(Ids(searcher.get(), "tidal"), (std::set<std::string>{"apart", "near"}));
}

// An update to an index of a format before streams keeps writing Xapian's
// position table, and phrases match across old and new articles.
TEST(PositionStreamIndexTest, AnUpdateToAnOlderIndexKeepsItsPositionTable) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir.path(), {}));
  {
    Xapian::WritableDatabase db(dir.path(), Xapian::DB_OPEN);
    Xapian::Document doc;  // an article as format 3 wrote it: positions in the table
    doc.set_data("");
    doc.add_boolean_term(schema::IdTerm("old"));
    const char* words[] = {"Ztidal", "Zpower", "Zplant"};
    for (Xapian::termpos p = 1; p <= 3; ++p) doc.add_posting(words[p - 1], p);
    db.add_document(doc);
    db.set_metadata(schema::kFormatMetadataKey, "3");
    db.commit();
  }
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_TRUE(writer.ok());
    for (const Article& a : PhraseArticles()) ASSERT_TRUE((*writer)->Upsert(a).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  {
    // A delete by phrase on it checks Xapian's position table (the index
    // holds no stream at all).
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_TRUE(writer.ok());
    auto ids = (*writer)->IdsMatching("\"tidal power plant\"");
    ASSERT_TRUE(ids.ok()) << ids.status().message();
    EXPECT_EQ(std::set<std::string>(ids->begin(), ids->end()),
              (std::set<std::string>{"old", "exact", "title"}));
  }
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_metadata(schema::kFormatMetadataKey), "3");
  EXPECT_TRUE(db.has_positions());
  const Xapian::docid apart = *db.postlist_begin(schema::IdTerm("apart"));
  EXPECT_TRUE(db.get_document(apart).get_value(schema::kPositionsSlot).empty());
  EXPECT_NE(db.positionlist_begin(apart, "Ztidal"), db.positionlist_end(apart, "Ztidal"));
}

// A new index is a compact one (positions in streams); --positions table
// keeps Xapian's position table; a --reindex keeps the index's choice unless
// told; the shards of a new --shards index keep the table (xapian-tcpsrv
// checks phrases only there).
TEST(PositionStreamIndexTest, TheChoiceOfPositionsIsKeptThroughReindexes) {
  testing::TempDir dir;
  const std::string input = dir.File("a.jsonl");
  std::string lines;
  for (const Article& a : PhraseArticles()) {
    lines +=
        "{\"id\":\"" + a.id + "\",\"title\":\"" + a.title + "\",\"body\":\"" + a.body + "\"}\n";
  }
  // Enough articles besides for a data dictionary to be trained on.
  for (int i = 0; i < 20; ++i) {
    lines += "{\"id\":\"filler" + std::to_string(i) + "\",\"title\":\"Harbour notes " +
             std::to_string(i) + "\",\"body\":\"The harbour board met on day " + std::to_string(i) +
             " and said the ferry timetable would change.\"}\n";
  }
  testing::WriteFile(input, lines);
  const std::string index = dir.File("index");
  const auto positions_at = [&](const std::string& at) {
    Xapian::Database db(at);
    return std::make_pair(db.get_metadata(schema::kPositionsMetadataKey), db.has_positions());
  };
  const auto positions_of = [&] { return positions_at(index); };
  const auto phrase_hits = [&](const std::string& at) {
    auto searcher = testing::OpenSearcher(at);
    return searcher ? Ids(searcher.get(), "\"tidal power plant\"") : std::set<std::string>();
  };
  const std::set<std::string> exact = {"exact", "title"};
  const auto stream = std::make_pair(std::string("stream"), false);
  const auto table = std::make_pair(std::string("table"), true);
  std::string err;
  ASSERT_EQ(testing::RunIndexer({"--index", index, input}, &err), 0) << err;
  EXPECT_EQ(positions_of(), stream);
  EXPECT_EQ(phrase_hits(index), exact);
  // A new compact index, made by the bulk path, stores its articles with
  // a dictionary of its own; one with the position table does not.
  EXPECT_FALSE(Xapian::Database(index).get_metadata("byline.data_dictionary").empty());
  ASSERT_EQ(
      testing::RunIndexer({"--index", index, "--reindex", "--positions", "table", input}, &err), 0)
      << err;
  EXPECT_EQ(positions_of(), table);
  EXPECT_EQ(phrase_hits(index), exact);
  EXPECT_TRUE(Xapian::Database(index).get_metadata("byline.data_dictionary").empty());
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--reindex", input}, &err), 0) << err;
  EXPECT_EQ(positions_of(), table);
  ASSERT_EQ(
      testing::RunIndexer({"--index", index, "--reindex", "--positions", "stream", input}, &err), 0)
      << err;
  EXPECT_EQ(positions_of(), stream);
  EXPECT_EQ(phrase_hits(index), exact);
  // An update cannot move positions: it says so, and keeps the streams.
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--positions", "table", input}, &err), 0) << err;
  EXPECT_NE(err.find("--positions table applies to a new index or a --reindex"), std::string::npos)
      << err;
  EXPECT_EQ(positions_of(), stream);
  ASSERT_EQ(testing::RunIndexer({"--index", index, "--positions", "stream", input}, &err), 0)
      << err;
  EXPECT_EQ(err.find("--positions"), std::string::npos) << err;  // as asked: nothing to say
  EXPECT_EQ(testing::RunIndexer({"--index", index, "--positions", "tables", input}, &err), 2);
  EXPECT_NE(err.find("--positions"), std::string::npos) << err;

  // Shards: the table unless told, on the bulk path (a first load) and the
  // update path (an empty new index) alike.
  const std::string sharded = dir.File("sharded");
  ASSERT_EQ(testing::RunIndexer({"--index", sharded, "--shards", "2", input}, &err), 0) << err;
  EXPECT_EQ(positions_at(sharded + "/shard-00"), table);
  EXPECT_EQ(positions_at(sharded + "/shard-01"), table);
  EXPECT_EQ(phrase_hits(sharded), exact);
  const std::string compact_shards = dir.File("compact-shards");
  ASSERT_EQ(testing::RunIndexer(
                {"--index", compact_shards, "--shards", "2", "--positions", "stream", input}, &err),
            0)
      << err;
  EXPECT_EQ(positions_at(compact_shards + "/shard-01"), stream);
  EXPECT_EQ(phrase_hits(compact_shards), exact);
  for (const char* kind : {"", "stream"}) {
    IndexOptions options;
    options.positions = kind;
    const std::string at = dir.File(std::string("writer-shards-") + kind);
    auto writer = ShardedWriter::Open(at, options, 2);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    // (No article yet: the metadata says.)
    EXPECT_EQ(positions_at(at + "/shard-00").first, *kind ? "stream" : "table") << kind;
    writer->reset();
    // A first load into those empty shards keeps their kind.
    ASSERT_EQ(testing::RunIndexer({"--index", at, input}, &err), 0) << err;
    EXPECT_EQ(positions_at(at + "/shard-01"), *kind ? stream : table) << kind;
    EXPECT_EQ(phrase_hits(at), exact) << kind;
  }
}

}  // namespace
}  // namespace byline
