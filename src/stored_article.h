// The document data of an indexed article: the stored fields that results and
// GET /articles/{id} need, in a compact length-prefixed binary layout that
// decodes without a parser (it is read for every hit).
#ifndef BYLINE_SRC_STORED_ARTICLE_H_
#define BYLINE_SRC_STORED_ARTICLE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "byline/article.h"

namespace byline {

class DataDictionary;  // src/data_dictionary.h

std::string EncodeStoredArticle(const Article& article);

// `data` (from EncodeStoredArticle) compressed with `dictionary`
// (src/data_dictionary.h), which readers must find registered; `data`
// itself when there is no dictionary or it saves nothing. Deterministic.
std::string CompressStoredArticle(const std::string& data, const DataDictionary* dictionary);

// False when `data` is not in the layout EncodeStoredArticle (or
// CompressStoredArticle) writes, or names a dictionary not registered.
bool DecodeStoredArticle(std::string_view data, Article* article);

// Whether `stored` (as read from an index) holds exactly the layout
// `data` (from EncodeStoredArticle), compressed or not: how writers tell
// an unchanged article, whatever dictionary it was stored with.
bool SameStoredArticle(std::string_view stored, const std::string& data);

// False when `data` surely holds no extra fields (its format version says
// so), without decoding it; true when it may.
bool StoredArticleMayHaveExtraFields(std::string_view data);

}  // namespace byline

#endif  // BYLINE_SRC_STORED_ARTICLE_H_
