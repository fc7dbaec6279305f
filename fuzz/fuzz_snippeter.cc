// Fuzz target: snippets. The first line is a query, the rest the text. For
// valid UTF-8 text the snippet must be valid UTF-8, and no '<' may appear but
// in the highlight tags; titles and bodies never crash.
#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "analysis.h"
#include "byline/article.h"
#include "query_builder.h"
#include "snippeter.h"

namespace {

struct Fixture {
  Fixture()
      : analyzer("english", byline::kNewIndexStemming),
        db(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    Xapian::TermGenerator tg;
    analyzer.Configure(&tg);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text("cocoa world runner U.S. don't café");
    db.add_document(doc);
  }
  byline::Analyzer analyzer;
  Xapian::WritableDatabase db;
};

void CheckSnippet(const std::string& html, bool text_valid) {
  if (text_valid && !byline::IsValidUtf8(html)) std::abort();
  std::string stripped = html;
  for (const char* tag : {"<mark>", "</mark>"}) {
    for (size_t p; (p = stripped.find(tag)) != std::string::npos;) stripped.erase(p, strlen(tag));
  }
  if (stripped.find('<') != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  std::string input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  byline::SearchRequest request;
  request.query = input.substr(0, newline);
  std::string text = newline == std::string::npos ? "" : input.substr(newline + 1);

  byline::SearchOptions options;
  byline::QueryBuilder builder(fixture.analyzer, fixture.db, options);
  Xapian::Query query = builder.Build(request).query;
  Xapian::Enquire enquire(fixture.db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, 10);
  byline::Snippeter snippeter(mset, query, fixture.analyzer.stemmer(),
                              fixture.analyzer.StemsAllWords(), "<mark>", "</mark>");
  bool valid = byline::IsValidUtf8(text);
  CheckSnippet(snippeter.Title(text), valid);
  for (size_t chars : {20, 60, 200}) CheckSnippet(snippeter.Body(text, chars), valid);
  return 0;
}
