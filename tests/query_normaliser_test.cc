#include "query_normaliser.h"

#include <gtest/gtest.h>

namespace byline {
namespace {

struct NormaliserCase {
  const char* typed;
  const char* normalised;
};

class QueryNormaliserTest : public ::testing::Test {
 protected:
  QueryNormaliser normaliser_{{"title", "author", "source", "tag", "id"}, {"id"}};
};

TEST_F(QueryNormaliserTest, LowerCasesPlainWordsSoTheyAreStemmed) {
  const NormaliserCase cases[] = {
      {"What articles exist", "what articles exist"},
      {"Running Shoes", "running shoes"},
      {"ÉCOLE Über", "école über"},
      {"IBM computers", "ibm computers"},
      {"  spaced\tout  ", "spaced out"},
      {"", ""},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser_.Normalise(c.typed), c.normalised) << c.typed;
}

TEST_F(QueryNormaliserTest, KeepsPhrasesExclusionsAndWildcards) {
  const NormaliserCase cases[] = {
      {"\"State of the Art\" telescope", "\"State of the Art\" telescope"},
      {"Cocoa -Coffee", "cocoa -coffee"},
      {"+Cocoa prices", "+cocoa prices"},
      {"cocoa -\"Weekly Round-up\"", "cocoa -\"Weekly Round-up\""},
      {"Comput*", "comput*"},
      {"\"unbalanced quote", "\"unbalanced quote"},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser_.Normalise(c.typed), c.normalised) << c.typed;
}

TEST_F(QueryNormaliserTest, KeepsFieldsAndCaseOfExactFields) {
  const NormaliserCase cases[] = {
      {"title:Cocoa", "title:cocoa"},
      {"Title:Cocoa", "title:cocoa"},
      {"AUTHOR:Lee prices", "author:lee prices"},
      {"title:\"Cocoa Prices\"", "title:\"Cocoa Prices\""},
      {"-Title:\"Cocoa Prices\"", "-title:\"Cocoa Prices\""},
      {"id:Doc-42", "id:Doc-42"},
      {"tag:Energy", "tag:energy"},
      {"title:e-mail", "title:e-mail"},
      {"Note:Something", "note:something"},  // not a field: just words
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser_.Normalise(c.typed), c.normalised) << c.typed;
}

TEST_F(QueryNormaliserTest, SplitsHyphenatedWords) {
  const NormaliserCase cases[] = {
      {"Time-Sharing systems", "time sharing systems"},
      {"state-of-the-art", "state of the art"},
      {"pages 613-641", "pages 613 641"},
      {"-e-mail spam", "-e-mail spam"},  // excluding the compound, not "e"
      {"well- known", "well- known"},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser_.Normalise(c.typed), c.normalised) << c.typed;
}

TEST_F(QueryNormaliserTest, KeepsOperatorsOnlyWhenClearlyMeant) {
  const NormaliserCase cases[] = {
      {"cocoa OR coffee", "cocoa OR coffee"},
      {"cocoa AND coffee", "cocoa AND coffee"},
      {"cocoa NOT coffee", "cocoa NOT coffee"},
      {"cocoa AND NOT coffee", "cocoa AND NOT coffee"},
      {"(cocoa OR coffee) prices", "(cocoa OR coffee) prices"},
      {"cocoa or coffee", "cocoa or coffee"},  // lower case: words
      {"AND the rest", "and the rest"},        // no left operand
      {"cocoa OR", "cocoa or"},                // no right operand
      {"NOT guilty", "not guilty"},            // nothing to negate from
      {"cocoa OR AND coffee", "cocoa or and coffee"},
      {"WAR AND PEACE", "war and peace"},  // all capitals: a title
      {"Prieve OR Udo Pooch", "prieve OR udo pooch"},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser_.Normalise(c.typed), c.normalised) << c.typed;
}

TEST(QueryNormaliserWildcardTest, RoutesWildcardsOfRoutedFieldsOnly) {
  // An index of stems only: word* and title:word* go to the hidden fields
  // that expand over stems; other fields, phrases and words stay as they are.
  QueryNormaliser normaliser({"title", "author", "tag", "id"}, {"id"},
                             {{"", "wild"}, {"title", "wildtitle"}, {"author", "wildauthor"}});
  const NormaliserCase cases[] = {
      {"Comput*", "wild:comput*"},
      {"Title:Comp*", "wildtitle:comp*"},
      {"author:Lee*", "wildauthor:lee*"},
      {"-comput* +cocoa*", "-wild:comput* +wild:cocoa*"},
      {"(comput* OR cocoa*) rain", "(wild:comput* OR wild:cocoa*) rain"},
      {"((deep*))", "((wild:deep*))"},
      {"time-shar*", "time wild:shar*"},
      {"tag:energ* id:AB*", "tag:energ* id:AB*"},
      {"\"comput* science\"", "\"comput* science\""},
      {"a*b c** *", "a*b c** *"},
      {"cocoa", "cocoa"},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser.Normalise(c.typed), c.normalised) << c.typed;
  // Delete queries: normalised alike, but every capitalised operator stays
  // one, so that "... OR" still fails to parse instead of being a word.
  EXPECT_EQ(
      normaliser.Normalise("Comput* AND  title:Lee* OR", QueryNormaliser::Operators::kAsTyped),
      "wild:comput* AND wildtitle:lee* OR");
}

TEST(QueryNormaliserExactTest, RoutesQuotedValuesOfExactFieldsOnly) {
  QueryNormaliser normaliser({"title", "author", "source", "tag", "id"}, {"id"}, {},
                             {{"source", "exactsource"}, {"author", "exactauthor"}});
  const NormaliserCase cases[] = {
      {"source:\"BBC News\"", "exactsource:\"BBC News\""},
      {"Source:\"BBC News\" Blair", "exactsource:\"BBC News\" blair"},
      {"-author:\"Janie Gabbett\"", "-exactauthor:\"Janie Gabbett\""},
      {"(source:\"A b\" OR author:\"C d\")", "(exactsource:\"A b\" OR exactauthor:\"C d\")"},
      // Unquoted values stay words of the field; other fields stay phrases.
      {"source:BBC", "source:bbc"},
      {"title:\"BBC News\"", "title:\"BBC News\""},
      {"tag:\"Middle East\"", "tag:\"Middle East\""},
      {"\"source:x y\"", "\"source:x y\""},
  };
  for (const NormaliserCase& c : cases)
    EXPECT_EQ(normaliser.Normalise(c.typed), c.normalised) << c.typed;
}

}  // namespace
}  // namespace byline
