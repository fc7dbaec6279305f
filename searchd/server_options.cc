#include "server_options.h"

#include "byline/article.h"
#include "byline/delete_guard.h"
#include "byline/ingest.h"

namespace byline::searchd {
namespace {

constexpr size_t kMinAdminTokenBytes = 16;

// A text shown on the page: one line of UTF-8, at most `max_bytes`.
Status CheckPageText(const char* flag, const std::string& text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status::InvalidArgument(std::string(flag) + " is longer than " +
                                   std::to_string(max_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(flag) + " is not UTF-8");
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Status::InvalidArgument(std::string(flag) + " may not hold control characters");
    }
  }
  return Status::Ok();
}

bool IsHexColour(const std::string& text) {
  return (text.size() == 4 || text.size() == 7) && text[0] == '#' &&
         text.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
}

}  // namespace

Status ServerOptions::Validate() {
  if (index_dir.empty()) return Status::InvalidArgument("--index is required");
  if (port < 0 || port > 65535) return Status::InvalidArgument("port must be from 0 to 65535");
  if (threads < 1 || threads > 1024)
    return Status::InvalidArgument("--threads must be from 1 to 1024");
  if (max_searches > 1024)
    return Status::InvalidArgument("--max-searches must be from 0 (auto) to 1024");
  if (queue_timeout_seconds < 1 || queue_timeout_seconds > 3600) {
    return Status::InvalidArgument("--queue-timeout must be from 1 to 3600 seconds");
  }
  if (max_per_page < 1) return Status::InvalidArgument("--max-per-page must be at least 1");
  if (default_per_page < 1 || default_per_page > max_per_page) {
    return Status::InvalidArgument("--default-per-page must be from 1 to --max-per-page");
  }
  if (max_depth < max_per_page)
    return Status::InvalidArgument("--max-depth must be at least --max-per-page");
  if (max_query_bytes < 1) return Status::InvalidArgument("--max-query-bytes must be at least 1");
  if (max_snippet_chars < 20)
    return Status::InvalidArgument("--max-snippet-chars must be at least 20");
  if (max_header_bytes < 256)
    return Status::InvalidArgument("--max-header-bytes must be at least 256");
  if (read_timeout_seconds < 1 || read_timeout_seconds > 3600) {
    return Status::InvalidArgument("--read-timeout must be from 1 to 3600 seconds");
  }
  if (request_timeout_seconds < 0 || request_timeout_seconds > 3600) {
    return Status::InvalidArgument(
        "--request-timeout must be from 1 to 3600 seconds, or 0 for none");
  }
  if (write_timeout_seconds < 1 || write_timeout_seconds > 3600) {
    return Status::InvalidArgument("--write-timeout must be from 1 to 3600 seconds");
  }
  if (keep_alive_timeout_seconds < 1 || keep_alive_timeout_seconds > 3600) {
    return Status::InvalidArgument("--keep-alive-timeout must be from 1 to 3600 seconds");
  }
  if (keep_alive_max_count < 1)
    return Status::InvalidArgument("--keep-alive-max must be at least 1");
  for (const auto& origin : cors_origins) {
    bool looks_like_origin =
        origin == "*" || origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0;
    if (!looks_like_origin || (origin != "*" && origin.back() == '/')) {
      return Status::InvalidArgument("--cors-origin \"" + origin +
                                     "\": expected scheme://host[:port] (no path) or *");
    }
  }
  if (!admin_token.empty() && admin_token.size() < kMinAdminTokenBytes) {
    return Status::InvalidArgument("--admin-token must be at least " +
                                   std::to_string(kMinAdminTokenBytes) + " characters");
  }
  if (tls_cert.empty() != tls_key.empty()) {
    return Status::InvalidArgument("--tls-cert and --tls-key go together: give both or neither");
  }
  if (access_log_format != "json" && access_log_format != "common") {
    return Status::InvalidArgument("--access-log-format must be \"json\" or \"common\"");
  }
  if (max_write_bytes < 1024)
    return Status::InvalidArgument("--max-write-bytes must be at least 1024");
  if (!(write_wait_seconds >= 0 && write_wait_seconds <= 3600)) {
    return Status::InvalidArgument("--write-wait must be from 0 to 3600 seconds");
  }
  if (auto_compact != "on" && auto_compact != "off") {
    return Status::InvalidArgument("--auto-compact must be \"on\" or \"off\"");
  }
  auto_compact_policy.enabled = auto_compact == "on";
  auto_compact_policy.threshold = auto_compact_threshold;
  auto_compact_policy.min_writes = auto_compact_min_writes;
  auto_compact_policy.max_size_ratio = auto_compact_max_size;
  if (Status s = auto_compact_policy.Validate(); !s.ok()) return s;
  std::vector<Cidr> ranges;
  for (const auto& range : trusted_proxies) {
    auto parsed = Cidr::Parse(range);
    if (!parsed.ok())
      return Status::InvalidArgument("--trusted-proxy " + parsed.status().message());
    ranges.push_back(*parsed);
  }
  if (proxy_header != "x-forwarded-for" && proxy_header != "forwarded") {
    return Status::InvalidArgument("--proxy-header must be \"x-forwarded-for\" or \"forwarded\"");
  }
  parsed_trusted_proxies =
      TrustedProxies(std::move(ranges), proxy_header == "forwarded" ? ProxyHeader::kForwarded
                                                                    : ProxyHeader::kXForwardedFor);
  if (!(rate_limit >= 0 && rate_limit <= 1e6)) {  // also refuses NaN
    return Status::InvalidArgument("--rate-limit must be from 0 (none) to 1000000 a second");
  }
  if (!(rate_burst >= 0 && rate_burst <= 1e6)) {
    return Status::InvalidArgument("--rate-burst must be from 0 (automatic) to 1000000");
  }
  if (rate_burst > 0 && rate_burst < 1) {
    return Status::InvalidArgument("--rate-burst must be at least 1 (or 0, automatic)");
  }
  if (Status s = CheckPageText("--page-title", page_title, 200); !s.ok()) return s;
  if (Status s = CheckPageText("--logo-text", logo_text, 100); !s.ok()) return s;
  if (Status s = CheckPageText("--placeholder", placeholder, 200); !s.ok()) return s;
  if (!accent_color.empty() && !IsHexColour(accent_color)) {
    return Status::InvalidArgument("--accent-color \"" + accent_color +
                                   "\": expected a colour as #rgb or #rrggbb, e.g. #b8321a");
  }
  if (analytics != "on" && analytics != "off") {
    return Status::InvalidArgument("--analytics must be \"on\" or \"off\"");
  }
  if (analytics_days < 1 || analytics_days > 366) {
    return Status::InvalidArgument("--analytics-days must be from 1 to 366");
  }
  if (analytics_save_seconds < 1 || analytics_save_seconds > 3600) {
    return Status::InvalidArgument("--analytics-save-seconds must be from 1 to 3600");
  }
  parsed_field_map.clear();
  for (const auto& spec : field_map) {
    if (Status s = AddFieldMapping(spec, &parsed_field_map); !s.ok()) {
      return Status::InvalidArgument("--map: " + s.message());
    }
  }
  auto format = ParseBodyFormat(body_format);
  if (!format.ok()) return Status::InvalidArgument("--body-format: " + format.status().message());
  parsed_body_format = *format;
  auto limit = ParseDeleteLimit(max_delete);
  if (!limit.ok()) return Status::InvalidArgument("--max-delete: " + limit.status().message());
  delete_limit = *limit;
  return search.Validate();
}

}  // namespace byline::searchd
