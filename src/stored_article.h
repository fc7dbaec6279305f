// The document data of an indexed article: the stored fields that results and
// GET /articles/{id} need, in a compact length-prefixed binary layout that
// decodes without a parser (it is read for every hit).
#ifndef BYLINE_SRC_STORED_ARTICLE_H_
#define BYLINE_SRC_STORED_ARTICLE_H_

#include <string>
#include <string_view>

#include "byline/article.h"

namespace byline {

std::string EncodeStoredArticle(const Article& article);

// False when `data` is not in the layout EncodeStoredArticle writes.
bool DecodeStoredArticle(std::string_view data, Article* article);

// False when `data` surely holds no extra fields (its format version says
// so), without decoding it; true when it may.
bool StoredArticleMayHaveExtraFields(std::string_view data);

}  // namespace byline

#endif  // BYLINE_SRC_STORED_ARTICLE_H_
