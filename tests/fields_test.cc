// Unit tests of custom fields: declarations, value checks, readers keeping
// extra fields, their storage, and what the index writes for them.
#include "byline/fields.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "byline/index_layout.h"
#include "byline/index_writer.h"
#include "byline/ingest.h"
#include "byline/schema.h"
#include "byline/searcher.h"
#include "index_settings.h"
#include "stored_article.h"
#include "testutil.h"

namespace byline {
namespace {

TEST(FieldsTest, FieldNamesAreCheckedAndTypesParsed) {
  for (const char* good : {"category", "reading_minutes", "a", "x9_"}) {
    EXPECT_OK(CheckFieldName(good)) << good;
  }
  for (const char* bad :
       {"", "Category", "9lives", "_x", "has-dash", "has space", "title", "tags", "published",
        "tag", "q", "sort", "facets", "fields", "bylinefoo", "year"}) {
    EXPECT_FALSE(CheckFieldName(bad).ok()) << bad;
  }
  EXPECT_FALSE(CheckFieldName(std::string(65, 'a')).ok());
  EXPECT_OK(CheckFieldName(std::string(64, 'a')));

  auto spec = ParseFieldSpec("updated:date");
  ASSERT_OK(spec);
  EXPECT_EQ(spec->name, "updated");
  EXPECT_EQ(spec->type, FieldType::kDate);
  EXPECT_FALSE(ParseFieldSpec("updated").ok());
  EXPECT_FALSE(ParseFieldSpec("updated:when").ok());
  EXPECT_FALSE(ParseFieldSpec("Updated:date").ok());
}

TEST(FieldsTest, TermsAndKeysArePinned) {
  // Indexes written today must read the same tomorrow.
  EXPECT_EQ(schema::FieldKeywordTerm("category", "  World  News "), "XKcategory:world news");
  EXPECT_EQ(schema::FieldTextPrefix("summary"), "XTsummary:");
  EXPECT_EQ(std::string(schema::kFieldsMetadataKey), "byline.fields");
  EXPECT_EQ(static_cast<unsigned>(schema::kFirstFieldSlot), 16u);
  EXPECT_LE(schema::FieldKeywordTerm(std::string(64, 'a'), std::string(400, 'x')).size(), 245u);
}

TEST(FieldsTest, SchemasRoundTripAndMergeKeepingSlots) {
  FieldSchema stored = {{"a", FieldType::kKeyword}, {"b", FieldType::kNumber}};
  auto decoded = DecodeFieldSchema(EncodeFieldSchema(stored));
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, stored);
  EXPECT_FALSE(DecodeFieldSchema("a:keyword\nb:vector\n").ok());

  // New ones are appended; stored ones keep their place.
  auto merged =
      MergeFieldSchemas(stored, {{"c", FieldType::kText}, {"a", FieldType::kKeyword}}, false, 32);
  ASSERT_OK(merged);
  EXPECT_EQ(*merged,
            (FieldSchema{
                {"a", FieldType::kKeyword}, {"b", FieldType::kNumber}, {"c", FieldType::kText}}));
  // A new type needs a rebuild.
  EXPECT_FALSE(MergeFieldSchemas(stored, {{"a", FieldType::kDate}}, false, 32).ok());
  auto retyped = MergeFieldSchemas(stored, {{"a", FieldType::kDate}}, true, 32);
  ASSERT_OK(retyped);
  EXPECT_EQ((*retyped)[0].type, FieldType::kDate);
  // The limit counts every field; an index over it keeps what it has.
  EXPECT_FALSE(MergeFieldSchemas(stored, {{"c", FieldType::kText}}, false, 2).ok());
  EXPECT_OK(MergeFieldSchemas(stored, {}, false, 1));
}

TEST(FieldsTest, ValuesAreCheckedByType) {
  const FieldSpec keyword{"k", FieldType::kKeyword}, number{"n", FieldType::kNumber},
      date{"d", FieldType::kDate}, text{"t", FieldType::kText};
  auto k = ReadFieldValue(keyword, R"(["a", "", "b"])");
  ASSERT_OK(k);
  EXPECT_EQ(k->keywords, (std::vector<std::string>{"a", "b"}));
  EXPECT_OK(ReadFieldValue(keyword, R"("x")"));
  EXPECT_FALSE(ReadFieldValue(keyword, "3").ok());
  EXPECT_FALSE(ReadFieldValue(keyword, R"(["a", 3])").ok());

  auto n = ReadFieldValue(number, "12.5");
  ASSERT_OK(n);
  EXPECT_DOUBLE_EQ(n->number, 12.5);
  EXPECT_FALSE(ReadFieldValue(number, R"("12")").ok());

  auto d = ReadFieldValue(date, R"("2024-03")");
  ASSERT_OK(d);
  EXPECT_EQ(d->number, static_cast<double>(*ParseIsoDate("2024-03-01")));
  EXPECT_OK(ReadFieldValue(date, R"("2024-03-05T10:00:00Z")"));
  EXPECT_FALSE(ReadFieldValue(date, R"("March 5")").ok());
  EXPECT_FALSE(ReadFieldValue(date, "20240305").ok());

  EXPECT_OK(ReadFieldValue(text, R"("words")"));
  EXPECT_FALSE(ReadFieldValue(text, R"({"a": 1})").ok());
  // null is no value, whatever the type.
  for (const FieldSpec& spec : {keyword, number, date, text}) {
    auto none = ReadFieldValue(spec, "null");
    ASSERT_OK(none);
    EXPECT_FALSE(none->present);
  }

  Article a = testing::MakeArticle("x", "T", "B");
  a.extra_fields = {{"n", R"("five")"}, {"other", "[1,2]"}};
  Status s = CheckFieldValues(a, {number});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("\"n\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("number"), std::string::npos) << s.message();
  EXPECT_OK(CheckFieldValues(a, {}));  // undeclared: only stored
}

TEST(FieldsTest, ReadersKeepExtraFieldsButNotMappedOrCanonicalOnes) {
  auto a = ParseArticleJson(
      R"({"id":"1","headline":"T","body":"B","category":"world","n":5,"img":{"src":"x"},)"
      R"("title":"ignored","gone":null})",
      {{"title", "headline"}});
  ASSERT_OK(a);
  EXPECT_EQ(a->title, "T");
  EXPECT_EQ(a->extra_fields,
            (std::vector<std::pair<std::string, std::string>>{
                {"category", R"("world")"}, {"img", R"({"src":"x"})"}, {"n", "5"}}));

  // A declared field of the wrong type is a record error with its line.
  std::istringstream in(
      "{\"id\":\"1\",\"title\":\"T\",\"body\":\"B\",\"n\":1}\n"
      "{\"id\":\"2\",\"title\":\"T\",\"body\":\"B\",\"n\":\"x\"}\n");
  ReadOptions options;
  options.fields = {{"n", FieldType::kNumber}};
  std::vector<std::string> ids;
  std::vector<RecordError> errors;
  ASSERT_OK(ReadJsonLinesWithOptions(
      in, "f.jsonl", options, [&](Article&& art) { ids.push_back(art.id); },
      [&](const RecordError& e) { errors.push_back(e); }));
  EXPECT_EQ(ids, std::vector<std::string>{"1"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_NE(errors[0].reason.find("\"n\""), std::string::npos) << errors[0].reason;
}

TEST(FieldsTest, MarkdownFrontMatterKeysBecomeCustomFields) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("post.md"),
                     "---\ntitle: Tides\ndate: 2024-03-05\ncategories: [sea]\nminutes: 7\n"
                     "section: Harbour \"desk\" a\\b\nseries: [a, b]\n---\nThe tide came in.\n");
  testing::WriteFile(dir.File("bad.md"), "---\ntitle: T\nminutes: seven\n---\nBody.\n");
  ReadOptions options;
  std::vector<Article> read;
  std::vector<RecordError> errors;
  ASSERT_OK(ReadInput(
      dir.File("post.md"), options, [&](Article&& a) { read.push_back(std::move(a)); },
      [&](const RecordError& e) { errors.push_back(e); }));
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].tags, std::vector<std::string>{"sea"});
  std::map<std::string, std::string> extras(read[0].extra_fields.begin(),
                                            read[0].extra_fields.end());
  EXPECT_EQ(extras.size(), 3u);
  EXPECT_EQ(extras["minutes"], "7");
  EXPECT_EQ(extras["series"], R"(["a","b"])");
  EXPECT_EQ(nlohmann::json::parse(extras["section"]), "Harbour \"desk\" a\\b") << extras["section"];

  options.fields = {{"minutes", FieldType::kNumber}};
  read.clear();
  ASSERT_OK(ReadInput(
      dir.File("bad.md"), options, [&](Article&& a) { read.push_back(std::move(a)); },
      [&](const RecordError& e) { errors.push_back(e); }));
  EXPECT_TRUE(read.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].reason.find("\"minutes\""), std::string::npos) << errors[0].reason;
}

TEST(FieldsTest, StoredDataKeepsExtraFieldsAndOldDataDecodes) {
  Article plain = testing::MakeArticle("p", "T", "B");
  const std::string old_layout = EncodeStoredArticle(plain);
  EXPECT_EQ(old_layout[0], 1);  // unchanged for articles without extra fields
  Article with = plain;
  with.extra_fields = {{"category", R"("world")"}, {"n", "5"}};
  Article out;
  ASSERT_TRUE(DecodeStoredArticle(EncodeStoredArticle(with), &out));
  EXPECT_EQ(out, with);
  ASSERT_TRUE(DecodeStoredArticle(old_layout, &out));  // clears the previous extras
  EXPECT_EQ(out, plain);
  const std::string data = EncodeStoredArticle(with);
  for (size_t cut = 0; cut < data.size(); ++cut) {
    EXPECT_FALSE(DecodeStoredArticle(data.substr(0, cut), &out)) << cut;
  }
}

TEST(FieldsTest, WriterIndexesDeclaredFieldsOnlyAndRecordsThem) {
  testing::TempDir dir;
  Article a = testing::MakeArticle("a", "T", "Body words");
  a.extra_fields = {{"category", R"(["World","home"])"}, {"n", "7"}, {"note", R"("stored")"}};
  Article plain = testing::MakeArticle("b", "T", "Body words");
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Upsert(a));
    ASSERT_OK((*writer)->Upsert(plain));
    ASSERT_OK((*writer)->Commit());
  }
  Xapian::Database db(dir.path());
  EXPECT_EQ(db.get_metadata(schema::kFieldsMetadataKey), "");
  EXPECT_FALSE(db.term_exists(schema::FieldKeywordTerm("category", "world")));
  const auto terms_before = db.get_document(2).termlist_count();

  IndexOptions declare;
  declare.fields = {{"category", FieldType::kKeyword}, {"n", FieldType::kNumber}};
  {
    auto writer = IndexWriter::Open(dir.path(), declare);
    ASSERT_OK(writer);
    // Stored before the declaration: given again unchanged, written again.
    auto again = (*writer)->Upsert(a);
    ASSERT_OK(again);
    EXPECT_EQ(*again, UpsertOutcome::kUpdated);
    auto plain_again = (*writer)->Upsert(plain);
    ASSERT_OK(plain_again);
    EXPECT_EQ(*plain_again, UpsertOutcome::kUnchanged);
    Article bad = testing::MakeArticle("c", "T", "B");
    bad.extra_fields = {{"n", R"("seven")"}};
    EXPECT_EQ((*writer)->Upsert(bad).status().code(), StatusCode::kInvalidArgument);
    ASSERT_OK((*writer)->Commit());
  }
  db = Xapian::Database(dir.path());
  EXPECT_EQ(db.get_metadata(schema::kFieldsMetadataKey), "category:keyword\nn:number\n");
  EXPECT_EQ(db.get_termfreq(schema::FieldKeywordTerm("category", "WORLD")), 1u);
  EXPECT_EQ(db.get_termfreq(schema::FieldKeywordTerm("category", "home")), 1u);
  Xapian::Document doc = db.get_document(db.postlist_begin(schema::IdTerm("a")).operator*());
  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(schema::kFirstFieldSlot + 1)), 7.0);
  EXPECT_EQ(doc.get_value(schema::kFirstFieldSlot),
            std::string("World") + schema::kListSeparator + "home");
  // An article without custom fields gets no new terms or values.
  Xapian::Document plain_doc = db.get_document(db.postlist_begin(schema::IdTerm("b")).operator*());
  EXPECT_EQ(plain_doc.termlist_count(), terms_before);
  EXPECT_EQ(plain_doc.get_value(schema::kFirstFieldSlot), "");

  // A rebuild keeps the declarations.
  testing::Rebuild(dir.path(), {a, plain});
  db = Xapian::Database(dir.path());
  EXPECT_EQ(db.get_metadata(schema::kFieldsMetadataKey), "category:keyword\nn:number\n");
  EXPECT_EQ(db.get_termfreq(schema::FieldKeywordTerm("category", "world")), 1u);
}

TEST(FieldsTest, PlanSaysHowManyStoredArticlesCarryANewField) {
  testing::TempDir dir;
  {
    auto writer = IndexWriter::Open(dir.path(), IndexOptions{});
    ASSERT_OK(writer);
    for (int i = 0; i < 5; ++i) {
      Article a = testing::MakeArticle("a" + std::to_string(i), "T", "B");
      if (i % 2 == 0) a.extra_fields = {{"section", R"("news")"}};
      ASSERT_OK((*writer)->Upsert(a));
    }
    ASSERT_OK((*writer)->Commit());
  }
  auto plan = PlanFieldDeclarations(
      dir.path(), {{"section", FieldType::kKeyword}, {"other", FieldType::kNumber}}, false, 32);
  ASSERT_OK(plan);
  ASSERT_EQ(plan->added.size(), 2u);
  EXPECT_EQ(plan->added[0].spec.name, "section");
  EXPECT_EQ(plan->added[0].stored_articles, 3u);
  EXPECT_EQ(plan->added[1].stored_articles, 0u);
  auto missing = PlanFieldDeclarations(dir.File("none"), {{"x", FieldType::kText}}, false, 32);
  ASSERT_OK(missing);
  EXPECT_EQ(missing->added.size(), 1u);
}

TEST(FieldsTest, AnUnreadableLiveIndexIsAnErrorNotNoFields) {
  testing::TempDir dir;
  {
    IndexOptions options;
    options.fields = {{"section", FieldType::kKeyword}};
    auto writer = IndexWriter::Open(dir.path(), options);
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Commit());
  }
  auto live = ReadLiveFieldSchema(dir.path());
  ASSERT_OK(live);
  EXPECT_EQ(live->size(), 1u);
  // A damaged database (its version file overwritten): a rebuild would
  // have dropped "section" unsaid.
  auto generation = IndexLayout(dir.path()).CurrentGeneration();
  ASSERT_OK(generation);
  testing::WriteFile(IndexLayout(dir.path()).GenerationPath(*generation) + "/iamglass",
                     "not glass");
  auto broken = ReadLiveFieldSchema(dir.path());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find(dir.path()), std::string::npos)
      << broken.status().message();
  EXPECT_FALSE(PlanFieldDeclarations(dir.path(), {}, /*rebuild=*/true, 32).ok());
}

TEST(FieldsTest, FilterValuesParseByType) {
  auto range = ParseFieldFilter({"n", FieldType::kNumber}, {"5..10", "20..", "..-1", "3"});
  ASSERT_OK(range);
  ASSERT_EQ(range->ranges.size(), 4u);
  EXPECT_EQ(range->ranges[0].first, 5.0);
  EXPECT_EQ(range->ranges[0].second, 10.0);
  EXPECT_FALSE(range->ranges[1].second.has_value());
  EXPECT_FALSE(range->ranges[2].first.has_value());
  EXPECT_EQ(range->ranges[3].first, range->ranges[3].second);
  for (const char* bad : {"..", "a..b", "10..5", " 5", "5x", "nan"}) {
    EXPECT_FALSE(ParseFieldFilter({"n", FieldType::kNumber}, {bad}).ok()) << bad;
  }
  auto dates = ParseFieldFilter({"d", FieldType::kDate}, {"2024-01..2024-06"});
  ASSERT_OK(dates);
  EXPECT_EQ(*dates->ranges[0].first, static_cast<double>(*ParseIsoDate("2024-01-01")));
  EXPECT_EQ(*dates->ranges[0].second, static_cast<double>(*ParseIsoDate("2024-07-01") - 1));
  EXPECT_FALSE(ParseFieldFilter({"d", FieldType::kDate}, {"2024-06..2024-01"}).ok());
  EXPECT_FALSE(ParseFieldFilter({"t", FieldType::kText}, {"x"}).ok());
  auto keywords = ParseFieldFilter({"k", FieldType::kKeyword}, {"A", "b"});
  ASSERT_OK(keywords);
  EXPECT_EQ(keywords->keywords, (std::vector<std::string>{"A", "b"}));
}

}  // namespace
}  // namespace byline
