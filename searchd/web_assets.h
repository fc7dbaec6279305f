// The files of searchd/web/, built into byline-searchd (see
// web/embed_web_assets.cmake): the search page, its script and stylesheet,
// and the embeddable widget.
#ifndef BYLINE_SEARCHD_WEB_ASSETS_H_
#define BYLINE_SEARCHD_WEB_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace byline::searchd {

struct WebAsset {
  const char* path;  // the URL path it is served at
  const char* content_type;
  const char* cache_control;
  const unsigned char* data;  // `size` bytes (plus a NUL not counted)
  size_t size;
  const char* etag;  // weak: the body may be sent compressed

  std::string_view body() const {
    return std::string_view(reinterpret_cast<const char*>(data), size);
  }
};

extern const WebAsset kWebAssets[];
extern const size_t kWebAssetCount;

// The asset served at `path`, or nullptr.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_WEB_ASSETS_H_
