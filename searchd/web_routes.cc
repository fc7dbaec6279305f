#include "web_routes.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "byline/shard_routing.h"
#include "http_errors.h"
#include "json_output.h"
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

// An asset as served: the built-in one, or its copy filled in for the site.
struct ServedAsset {
  std::string path;
  std::string content_type;
  std::string cache_control;
  std::string body;
  std::string etag;
};

void ServeAsset(const ServedAsset& asset, const httplib::Request& req, httplib::Response& res) {
  res.set_header("ETag", asset.etag);
  res.set_header("Cache-Control", asset.cache_control);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (asset.path == "/" || asset.path == "/admin/") {  // the pages (admin: analytics)
    res.set_header("Content-Security-Policy", kPageContentSecurityPolicy);
    res.set_header("X-Frame-Options", "DENY");
    // Queries sit in the page's URL: do not hand them to the sites of results.
    res.set_header("Referrer-Policy", "no-referrer");
  }
  if (MatchesIfNoneMatch(req.get_header_value("If-None-Match"), asset.etag)) {
    res.status = 304;
    return;
  }
  res.set_content(asset.body, asset.content_type);
}

// A fingerprint for names and ETags: Fnv1a64 as 16 hex digits.
std::string Fingerprint(const std::string& text) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a64(text)));
  return buf;
}

// `text` with each {{site:NAME}} that `values` names replaced, in one pass:
// a value is never searched again, so one holding "{{site:theme}}" stays
// text. Other {{...}} are left as they are.
std::string FillSiteFields(const std::string& text,
                           const std::map<std::string, std::string>& values) {
  static const std::string kOpen = "{{site:";
  std::string out;
  size_t from = 0;
  for (size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, from)) {
    const size_t close = text.find("}}", at);
    if (close == std::string::npos) break;
    auto value = values.find(text.substr(at + kOpen.size(), close - at - kOpen.size()));
    out.append(text, from, at - from);
    if (value != values.end()) {
      out += value->second;
    } else {
      out.append(text, at, close + 2 - at);
    }
    from = close + 2;
  }
  out.append(text, from, std::string::npos);
  return out;
}

// ---- Colours ----------------------------------------------------------------

struct Rgb {
  double r, g, b;  // 0..255
};

Rgb ParseHexColour(const std::string& hex) {
  std::string digits = hex.substr(1);
  if (digits.size() == 3)
    digits = {digits[0], digits[0], digits[1], digits[1], digits[2], digits[2]};
  auto channel = [&digits](size_t i) {
    return static_cast<double>(std::stoi(digits.substr(2 * i, 2), nullptr, 16));
  };
  return {channel(0), channel(1), channel(2)};
}

std::string HexColour(const Rgb& c) {
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buf;
}

// WCAG 2 relative luminance and contrast ratio.
double Luminance(const Rgb& c) {
  auto linear = [](double v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double Contrast(const Rgb& a, const Rgb& b) {
  double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb Scaled(const Rgb& c, double factor) { return {c.r * factor, c.g * factor, c.b * factor}; }

Rgb Mixed(const Rgb& c, const Rgb& with, double share_of_c) {
  auto mix = [share_of_c](double a, double b) { return a * share_of_c + b * (1 - share_of_c); };
  return {mix(c.r, with.r), mix(c.g, with.g), mix(c.b, with.b)};
}

struct AccentColours {
  std::string accent, text, hover, soft, on_accent;
  // For the page's dark mode (style.css's dark background).
  std::string dark_text, dark_soft;
};

AccentColours DeriveAccent(const std::string& accent) {
  const Rgb white{255, 255, 255};
  const Rgb ink{0x1d, 0x23, 0x30};
  const Rgb base = ParseHexColour(accent);
  Rgb text = base;
  for (int i = 0; i < 40 && Contrast(text, white) < 4.5; ++i) text = Scaled(text, 0.92);
  AccentColours colours;
  colours.accent = HexColour(base);
  colours.text = HexColour(text);
  colours.hover = HexColour(Scaled(base, 0.82));
  colours.soft = HexColour(Mixed(base, white, 0.12));
  colours.on_accent = Contrast(base, white) >= Contrast(base, ink) ? "#fff" : HexColour(ink);
  // On the dark background the accent is lightened until it reads there.
  const Rgb dark_bg{0x15, 0x18, 0x1e};
  Rgb dark_text = base;
  for (int i = 0; i < 40 && Contrast(dark_text, dark_bg) < 4.5; ++i)
    dark_text = Mixed(dark_text, white, 0.9);
  colours.dark_text = HexColour(dark_text);
  colours.dark_soft = HexColour(Mixed(base, dark_bg, 0.3));
  return colours;
}

}  // namespace

std::string HtmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string AccentCss(const std::string& accent) {
  const AccentColours c = DeriveAccent(accent);
  return "/* The accent colour of this site (--accent-color " + c.accent + "). */\n:root {\n" +
         "  --accent: " + c.accent + ";\n  --accent-text: " + c.text +
         ";\n  --accent-hover: " + c.hover + ";\n  --accent-soft: " + c.soft +
         ";\n  --on-accent: " + c.on_accent + ";\n}\n" +
         "@media (prefers-color-scheme: dark) {\n  :root { --accent-text: " + c.dark_text +
         "; --accent-soft: " + c.dark_soft + "; }\n}\n";
}

const WebAsset* FindWebAsset(std::string_view path) {
  for (size_t i = 0; i < kWebAssetCount; ++i) {
    if (path == kWebAssets[i].path) return &kWebAssets[i];
  }
  return nullptr;
}

void RegisterWebRoutes(httplib::Server& server, const ServerOptions& options) {
  std::vector<ServedAsset> assets;
  for (size_t i = 0; i < kWebAssetCount; ++i) {
    const WebAsset& built = kWebAssets[i];
    assets.push_back({built.path, built.content_type, built.cache_control,
                      std::string(built.body()), built.etag});
  }
  // The accent's stylesheet, named by its content like the other assets.
  std::string theme_link;
  std::string widget_accent;
  if (!options.accent_color.empty()) {
    const std::string css = AccentCss(options.accent_color);
    const std::string path = "/assets/theme." + Fingerprint(css).substr(0, 10) + ".css";
    assets.push_back({path, "text/css; charset=utf-8", "public, max-age=31536000, immutable", css,
                      "W/\"" + Fingerprint(css) + "\""});
    theme_link = "<link rel=\"stylesheet\" href=\"" + path + "\">";
    const AccentColours c = DeriveAccent(options.accent_color);
    widget_accent = "\n/* The accent colour of this site (--accent-color " + c.accent +
                    "). */\n.byline-widget { --byline-accent-text: " + c.text +
                    "; --byline-accent-soft: " + c.soft + "; }\n";
  }
  const std::string widget_config = nlohmann::json{{"placeholder", options.placeholder}}.dump(
      -1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
  for (ServedAsset& asset : assets) {
    const std::string before = asset.body;
    if (asset.path == "/") {
      asset.body = FillSiteFields(asset.body, {{"page_title", HtmlEscaped(options.page_title)},
                                               {"logo_text", HtmlEscaped(options.logo_text)},
                                               {"placeholder", HtmlEscaped(options.placeholder)},
                                               {"theme", theme_link}});
    } else if (asset.path == "/widget.js") {
      asset.body = FillSiteFields(asset.body, {{"widget_config", widget_config}});
    } else if (asset.path == "/widget.css") {
      asset.body += widget_accent;
    }
    // Filled in differently per site: the ETag follows what is sent.
    if (asset.body != before) asset.etag = "W/\"" + Fingerprint(asset.body) + "\"";
  }
  for (ServedAsset& asset : assets) {
    auto shared = std::make_shared<const ServedAsset>(std::move(asset));
    AddRoute(server, "GET", ExactPattern(shared->path),
             [shared](const httplib::Request& req, httplib::Response& res) {
               ServeAsset(*shared, req, res);
             });
  }
}

}  // namespace byline::searchd
