// Related articles ("more like this", Searcher::Related) on a generated
// corpus of topics with vocabularies of their own: an article's related
// articles are from its topic, never itself or a copy of it; filters hold;
// a sharded index answers as one database of the same articles.
#include "related.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "byline/fingerprint.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "byline/sharded_writer.h"
#include "testutil.h"

namespace byline {
namespace {

constexpr const char* kTopics[] = {"vel", "mor", "qua", "tib"};
constexpr int kPerTopic = 20;

// A deterministic generator (LCG), so the corpus is the same every run.
class Words {
 public:
  explicit Words(uint32_t seed) : state_(seed) {}
  uint32_t Next(uint32_t n) {
    state_ = state_ * 1664525u + 1013904223u;
    return (state_ >> 8) % n;
  }
  // Word i of a topic's vocabulary: its prefix and two syllables.
  static std::string TopicWord(const std::string& topic, uint32_t i) {
    static const char* kSyllables[] = {"ba", "ce", "do", "fu", "ga", "he", "jo", "ku"};
    return topic + kSyllables[i % 8] + kSyllables[(i / 8) % 8] + "n";
  }
  std::string Generic() {
    static const char* kGeneric[] = {"report", "people", "week",   "official", "plan",
                                     "market", "group",  "city",   "country",  "time",
                                     "public", "money",  "number", "service",  "change",
                                     "place",  "house",  "system", "office",   "night"};
    return kGeneric[Next(20)];
  }

 private:
  uint32_t state_;
};

Article TopicArticle(int topic, int j) {
  Words words(static_cast<uint32_t>(topic * 1000 + j + 1));
  const std::string name = kTopics[topic];
  std::string title;
  for (int i = 0; i < 3; ++i) title += Words::TopicWord(name, words.Next(40)) + " ";
  title += words.Generic();
  std::string body = "The ";
  for (int i = 0; i < 70; ++i) {
    if (i % 10 == 9) {
      body += "of the " + Words::TopicWord(kTopics[words.Next(4)], words.Next(40)) + ". ";
    } else if (i % 2 == 0) {
      body += Words::TopicWord(name, words.Next(40)) + " ";
    } else {
      body += words.Generic() + " " + std::to_string(1980 + words.Next(40)) + " and ";
    }
  }
  Article a = testing::MakeArticle(name + "-" + std::to_string(j), title, body);
  a.tags = {name};
  a.source = "src-" + std::to_string(j % 2);
  a.published = "2024-01-" + std::string(j % 28 < 9 ? "0" : "") + std::to_string(j % 28 + 1);
  return a;
}

std::vector<Article> Corpus() {
  std::vector<Article> articles;
  for (int topic = 0; topic < 4; ++topic) {
    for (int j = 0; j < kPerTopic; ++j) articles.push_back(TopicArticle(topic, j));
  }
  return articles;
}

std::vector<std::string> Ids(const RelatedResponse& r) {
  std::vector<std::string> ids;
  for (const Hit& hit : r.hits) ids.push_back(hit.id);
  return ids;
}

class RelatedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    articles_ = Corpus();
    ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), articles_));
    searcher_ = testing::OpenSearcher(dir_.path());
    ASSERT_NE(searcher_, nullptr);
  }

  RelatedResponse Related(const std::string& id, size_t limit = 5) {
    RelatedRequest req;
    req.id = id;
    req.limit = limit;
    auto r = searcher_->Related(req);
    EXPECT_OK(r);
    return r.ok() ? std::move(r).value() : RelatedResponse();
  }

  testing::TempDir dir_;
  std::vector<Article> articles_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(RelatedTest, RelatedArticlesAreFromTheArticlesTopicAndNeverItself) {
  for (const Article& source : articles_) {
    RelatedResponse r = Related(source.id);
    ASSERT_EQ(r.hits.size(), 5u) << source.id;
    for (const Hit& hit : r.hits) {
      EXPECT_NE(hit.id, source.id);
      ASSERT_EQ(hit.tags.size(), 1u) << hit.id;
      EXPECT_EQ(hit.tags[0], source.tags[0]) << source.id << " -> " << hit.id;
      EXPECT_GT(hit.score, 0);
      EXPECT_FALSE(hit.title_html.empty());
      EXPECT_EQ(hit.snippet_html.find("<mark>"), std::string::npos) << hit.snippet_html;
    }
    for (size_t i = 1; i < r.hits.size(); ++i) {
      EXPECT_GE(r.hits[i - 1].score, r.hits[i].score) << source.id;
    }
  }
}

// Two stages (RelatedOptions::candidates): the candidates of the heaviest
// words, ranked again by every word, give the one-stage answer's quality, and
// the heaviest of the one-stage hits are among them.
TEST_F(RelatedTest, TwoStagesFindWhatOneStageFinds) {
  SearchOptions one_stage = testing::FreshSearchOptions(), two_stages = one_stage;
  one_stage.related.candidates = 0;
  two_stages.related.candidates = 12;  // of 79 others: the filter applies
  two_stages.related.candidate_terms = 4;
  auto one = testing::OpenSearcher(dir_.path(), one_stage);
  auto two = testing::OpenSearcher(dir_.path(), two_stages);
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  size_t same_top = 0;
  for (const Article& source : articles_) {
    RelatedRequest req;
    req.id = source.id;
    req.limit = 3;
    auto a = one->Related(req);
    auto b = two->Related(req);
    ASSERT_OK(a);
    ASSERT_OK(b);
    ASSERT_EQ(b->hits.size(), 3u) << source.id;
    EXPECT_EQ(b->terms, a->terms);
    for (const Hit& hit : b->hits) {
      EXPECT_NE(hit.id, source.id);
      EXPECT_EQ(hit.tags.at(0), source.tags[0]) << source.id << " -> " << hit.id;
    }
    same_top += a->hits.at(0).id == b->hits.at(0).id;
  }
  EXPECT_GE(same_top, articles_.size() * 3 / 4);
}

TEST(DocidSetSourceTest, RestrictsAQueryToItsDocids) {
  testing::TempDir dir;
  std::vector<Article> articles;
  for (int i = 0; i < 30; ++i) {
    articles.push_back(testing::MakeArticle("d" + std::to_string(i), "Harbour " + std::to_string(i),
                                            "ferry harbour news"));
  }
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir.path(), articles));
  IndexLayout layout(dir.path());
  auto generation = layout.CurrentGeneration();
  ASSERT_OK(generation);
  Xapian::Database db(layout.GenerationPath(*generation));
  auto* source = new DocidSetSource({2, 5, 17, 29});
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zferri"),
                                  Xapian::Query(source->release())));
  std::vector<Xapian::docid> got;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto it = mset.begin(); it != mset.end(); ++it) got.push_back(*it);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<Xapian::docid>{2, 5, 17, 29}));
}

TEST_F(RelatedTest, UsesOnlyTheArticlesPlainWords) {
  RelatedResponse r = Related("vel-3");
  ASSERT_FALSE(r.terms.empty());
  EXPECT_LE(r.terms.size(), SearchOptions().related.terms);
  for (const std::string& term : r.terms) {
    EXPECT_TRUE(schema::IsWordStemTerm(term)) << term;  // no numbers, ids, tags, title: terms
    EXPECT_NE(term, "Zthe");
    EXPECT_NE(term, "Zof");
    EXPECT_NE(term, "Zand");
  }
  // Its title's words weigh most (title_boost).
  const Xapian::Stem stem("english");
  std::vector<std::string> title_terms;
  const std::string& title = articles_[3].title;
  for (size_t start = 0; start < title.size();) {
    size_t end = title.find(' ', start);
    if (end == std::string::npos) end = title.size();
    title_terms.push_back("Z" + stem(title.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(articles_[3].id, "vel-3");
  EXPECT_NE(std::find(title_terms.begin(), title_terms.end(), r.terms.front()), title_terms.end())
      << r.terms.front();
  size_t topic_words = 0;
  for (const std::string& term : r.terms) topic_words += term.rfind("Zvel", 0) == 0;
  EXPECT_GT(topic_words, r.terms.size() / 2);  // mostly its own topic's words
}

TEST_F(RelatedTest, CopiesAndNearDuplicatesAreNeverReturned) {
  const Article& source = articles_[5];
  Article copy = source;  // the same text under a new id and url
  copy.id = "copy";
  copy.url = "https://example.org/elsewhere/copy";
  // An updated version: its title's punctuation (so its title key) and a
  // sentence of its body changed; only its fingerprint tells it is the same.
  Article updated = source;
  updated.id = "updated";
  updated.url = "https://example.org/updated";
  updated.title = source.title + "!";
  updated.body = source.body + " More follows.";
  Article same_page = articles_[6];  // another article at the source's url
  same_page.id = "same-page";
  same_page.url = source.url;
  same_page.title = "Something else entirely";
  const auto a = TextFingerprint(source.title, source.body);
  const auto b = TextFingerprint(updated.title, updated.body);
  ASSERT_TRUE(a && b);
  ASSERT_LE(FingerprintDistance(*a, *b), kNearDuplicateDistance) << "the test's premise";
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), {copy, updated, same_page}));
  searcher_ = testing::OpenSearcher(dir_.path());
  RelatedResponse r = Related(source.id, 20);
  ASSERT_GE(r.hits.size(), 10u);
  for (const Hit& hit : r.hits) {
    EXPECT_NE(hit.id, "copy");
    EXPECT_NE(hit.id, "updated");
    EXPECT_NE(hit.id, "same-page");
    EXPECT_NE(hit.id, source.id);
  }
  // The copy is related to others, just not to its own original.
  auto of_other = Ids(Related(articles_[7].id, 30));
  EXPECT_NE(std::find(of_other.begin(), of_other.end(), "copy"), of_other.end());
}

TEST_F(RelatedTest, FiltersApplyAsInSearch) {
  RelatedRequest req;
  req.id = "mor-4";
  req.limit = 10;
  req.filters.sources = {"SRC-1"};  // any case, as search's
  auto r = searcher_->Related(req);
  ASSERT_OK(r);
  ASSERT_FALSE(r->hits.empty());
  for (const Hit& hit : r->hits) EXPECT_EQ(hit.source, "src-1") << hit.id;

  req.filters = SearchFilters();
  req.filters.tags = {"qua"};  // another topic: still only what passes
  r = searcher_->Related(req);
  ASSERT_OK(r);
  for (const Hit& hit : r->hits) EXPECT_EQ(hit.tags[0], "qua") << hit.id;

  req.filters = SearchFilters();
  req.filters.published_from = 1704067200 + 10 * 86400;  // 2024-01-11
  r = searcher_->Related(req);
  ASSERT_OK(r);
  ASSERT_FALSE(r->hits.empty());
  for (const Hit& hit : r->hits) EXPECT_GE(hit.published, "2024-01-11") << hit.id;
}

TEST_F(RelatedTest, UnknownIdIsNotFoundAndBadLimitsAreRefused) {
  RelatedRequest req;
  req.id = "no-such-article";
  auto r = searcher_->Related(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("no-such-article"), std::string::npos);
  req.id = "vel-1";
  req.limit = kMaxRelatedLimit + 1;
  r = searcher_->Related(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(RelatedTest, AnArticleWithoutWordsHasNoRelatedArticles) {
  Article empty = testing::MakeArticle("wordless", "The", "Of the and 1987 2024 42, to a.");
  ASSERT_NO_FATAL_FAILURE(testing::BuildIndex(dir_.path(), {empty}));
  searcher_ = testing::OpenSearcher(dir_.path());
  RelatedResponse r = Related("wordless");
  EXPECT_TRUE(r.hits.empty());
  EXPECT_TRUE(r.terms.empty());
}

TEST_F(RelatedTest, AShardedIndexAnswersAsOneDatabase) {
  testing::TempDir sharded;
  {
    auto writer = ShardedWriter::Open(sharded.path(), IndexOptions{}, 3);
    ASSERT_OK(writer);
    for (const Article& a : articles_) ASSERT_OK((*writer)->Upsert(a));
    ASSERT_OK((*writer)->Commit());
  }
  auto shards = testing::OpenSearcher(sharded.path());
  ASSERT_NE(shards, nullptr);
  for (const char* id : {"vel-0", "mor-7", "qua-13", "tib-19"}) {
    RelatedRequest req;
    req.id = id;
    req.limit = 8;
    auto whole = searcher_->Related(req);
    auto split = shards->Related(req);
    ASSERT_OK(whole);
    ASSERT_OK(split);
    EXPECT_EQ(whole->terms, split->terms) << id;
    ASSERT_EQ(Ids(*whole), Ids(*split)) << id;
    for (size_t i = 0; i < whole->hits.size(); ++i) {
      EXPECT_NEAR(whole->hits[i].score, split->hits[i].score, 1e-9) << id;
    }
  }
}

TEST(RelatedCopyKeysTest, NearDuplicateFingerprintsAndSameKeysAreCopies) {
  CopyKeys source{0xF0F0F0F0F0F0F0F0ull, "u1", "t1"};
  CopyKeys other{0x0F0F0F0F0F0F0F0Full, "u2", "t2"};
  EXPECT_FALSE(IsCopyOf(source, other));
  CopyKeys near = other;
  near.fingerprint = *source.fingerprint ^ 0x7ull;  // 3 bits apart
  EXPECT_EQ(IsCopyOf(source, near), 3 <= kNearDuplicateDistance);
  CopyKeys same_url = other;
  same_url.url_key = "u1";
  EXPECT_TRUE(IsCopyOf(source, same_url));
  CopyKeys same_title = other;
  same_title.title_key = "t1";
  EXPECT_TRUE(IsCopyOf(source, same_title));
  CopyKeys no_keys{std::nullopt, "", ""};
  EXPECT_FALSE(IsCopyOf(no_keys, CopyKeys{std::nullopt, "", ""}));
}

}  // namespace
}  // namespace byline
