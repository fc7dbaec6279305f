#include "web_routes.h"

#include <string>

#include "http_errors.h"
#include "web_assets.h"

namespace byline::searchd {

const char kPageContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

namespace {

// The path as a std::regex that matches only itself ('.' is literal).
std::string ExactPattern(const std::string& path) {
  std::string pattern;
  for (char c : path) {
    if (c == '.') pattern += '\\';
    pattern += c;
  }
  return pattern;
}

// If-None-Match holds a list of tags, or "*"; weak comparison (RFC 9110 13.1.2).
bool MatchesIfNoneMatch(const std::string& header, const std::string& etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  auto opaque = [](std::string tag) {
    if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
    return tag;
  };
  const std::string wanted = opaque(etag);
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string::npos) comma = header.size();
    std::string tag = header.substr(start, comma - start);
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag.erase(tag.find_last_not_of(" \t") + 1);
    if (opaque(tag) == wanted) return true;
    start = comma + 1;
  }
  return false;
}

void ServeAsset(const WebAsset& asset, const httplib::Request& req, httplib::Response& res) {
  res.set_header("ETag", asset.etag);
  res.set_header("Cache-Control", asset.cache_control);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (std::string(asset.path) == "/") {
    res.set_header("Content-Security-Policy", kPageContentSecurityPolicy);
    res.set_header("X-Frame-Options", "DENY");
    // Queries sit in the page's URL: do not hand them to the sites of results.
    res.set_header("Referrer-Policy", "no-referrer");
  }
  if (MatchesIfNoneMatch(req.get_header_value("If-None-Match"), asset.etag)) {
    res.status = 304;
    return;
  }
  res.set_content(std::string(asset.body()), asset.content_type);
}

}  // namespace

const WebAsset* FindWebAsset(std::string_view path) {
  for (size_t i = 0; i < kWebAssetCount; ++i) {
    if (path == kWebAssets[i].path) return &kWebAssets[i];
  }
  return nullptr;
}

void RegisterWebRoutes(httplib::Server& server) {
  for (size_t i = 0; i < kWebAssetCount; ++i) {
    const WebAsset& asset = kWebAssets[i];
    const std::string pattern = ExactPattern(asset.path);
    AddRoute(server, "GET", pattern, [&asset](const httplib::Request& req, httplib::Response& res) {
      ServeAsset(asset, req, res);
    });
  }
}

}  // namespace byline::searchd
