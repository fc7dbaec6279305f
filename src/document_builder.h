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
  // With `spelling_db`, the words of titles and bodies are also added to its
  // spelling data (for "did you mean"); it must outlive this builder.
  explicit DocumentBuilder(const Analyzer& analyzer,
                           Xapian::WritableDatabase* spelling_db = nullptr);

  // REQUIRES: ValidateArticle(article).ok().
  Xapian::Document Build(const Article& article);
  // The same, with `data` == EncodeStoredArticle(article) already at hand.
  Xapian::Document Build(const Article& article, std::string data);

 private:
  Xapian::TermGenerator generator_;
};

}  // namespace byline

#endif  // BYLINE_SRC_DOCUMENT_BUILDER_H_
