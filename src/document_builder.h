// Turns an Article into the Xapian::Document the schema describes: stored
// data, free-text terms (title weighted), boolean filter terms and values.
#ifndef BYLINE_SRC_DOCUMENT_BUILDER_H_
#define BYLINE_SRC_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include "analysis.h"
#include "byline/article.h"

namespace byline {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Analyzer& analyzer);

  // REQUIRES: ValidateArticle(article).ok().
  Xapian::Document Build(const Article& article);

 private:
  Xapian::TermGenerator generator_;
};

}  // namespace byline

#endif  // BYLINE_SRC_DOCUMENT_BUILDER_H_
