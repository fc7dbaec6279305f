// Turns an Article into the Xapian::Document the schema describes: stored
// data, free-text terms (title weighted), boolean filter terms and values.
#ifndef BYLINE_SRC_DOCUMENT_BUILDER_H_
#define BYLINE_SRC_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include "analysis.h"
#include "byline/article.h"
#include "spelling_counts.h"

namespace byline {

class DocumentBuilder {
 public:
  // The words of titles and bodies are counted in `spelling_counts` (the
  // writer adds them to the spelling data for "did you mean"); it must
  // outlive this builder.
  DocumentBuilder(const Analyzer& analyzer, SpellingCounts* spelling_counts);

  // REQUIRES: ValidateArticle(article).ok().
  Xapian::Document Build(const Article& article);
  // The same, with `data` == EncodeStoredArticle(article) already at hand.
  Xapian::Document Build(const Article& article, std::string data);

 private:
  // Indexes unprefixed text, whose words go into the spelling data.
  void IndexSpelledText(const std::string& text, Xapian::termcount wdf_inc);

  Xapian::TermGenerator generator_;
  SpellingCounts* spelling_counts_;  // not owned
};

}  // namespace byline

#endif  // BYLINE_SRC_DOCUMENT_BUILDER_H_
