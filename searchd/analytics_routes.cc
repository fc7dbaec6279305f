#include "analytics_routes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "byline/article.h"
#include "http_errors.h"
#include "json_output.h"
#include "query_string.h"

namespace byline::searchd {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnalyticsLimit = 1000;
constexpr int kDefaultAnalyticsDays = 7;
constexpr size_t kDefaultAnalyticsLimit = 20;

// "text/plain; charset=UTF-8" -> "text/plain".
std::string MediaType(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  media.erase(0, media.find_first_not_of(" \t"));
  media.erase(media.find_last_not_of(" \t") + 1);
  std::transform(media.begin(), media.end(), media.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media;
}

bool ParseWhole(const std::string& text, size_t lo, size_t hi, size_t* out) {
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    return false;
  }
  *out = value;
  return true;
}

json RankedToJson(const std::vector<SearchAnalytics::Ranked>& ranked, const char* key_name) {
  json list = json::array();
  for (const auto& r : ranked) {
    list.push_back({{key_name, r.key}, {"count", r.count}, {"error", r.error}});
  }
  return list;
}

}  // namespace

void HandleClickEvent(AnalyticsContext& ctx, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  const std::string media = MediaType(req.get_header_value("Content-Type"));
  if (!media.empty() && media != "application/json" && media != "text/plain") {
    return SetError(res, 415, "unsupported_media_type",
                    "send the click as JSON, with Content-Type application/json or text/plain "
                    "(navigator.sendBeacon with a string)");
  }
  if (req.body.size() > kMaxClickBodyBytes) {
    return SetError(res, 413, "payload_too_large",
                    "a click is at most " + std::to_string(kMaxClickBodyBytes) + " bytes");
  }
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return SetError(res, 400, "invalid_body",
                    "the body must be a JSON object: {\"query\": \"...\", \"id\": \"...\", "
                    "\"position\": 1}");
  }
  auto query = body.find("query");
  if (query == body.end() || !query->is_string() ||
      NormaliseQuery(query->get<std::string>()).empty()) {
    return SetError(res, 400, "invalid_parameter",
                    "query must be the text searched for (a string, not empty)", "query");
  }
  if (query->get<std::string>().size() > ctx.options.max_query_bytes) {
    return SetError(
        res, 400, "invalid_parameter",
        "query is longer than " + std::to_string(ctx.options.max_query_bytes) + " bytes", "query");
  }
  auto id = body.find("id");
  if (id == body.end() || !id->is_string() || id->get<std::string>().empty() ||
      id->get<std::string>().size() > kMaxIdBytes) {
    return SetError(res, 400, "invalid_parameter",
                    "id must be the clicked article's id (a string of 1 to " +
                        std::to_string(kMaxIdBytes) + " bytes)",
                    "id");
  }
  auto position = body.find("position");
  if (position == body.end() || !position->is_number_integer() || *position < 1 ||
      *position > static_cast<uint64_t>(ctx.options.max_depth)) {
    return SetError(res, 400, "invalid_parameter",
                    "position must be the result's 1-based place in the results, a whole "
                    "number from 1 to " +
                        std::to_string(ctx.options.max_depth),
                    "position");
  }
  if (ctx.analytics != nullptr) {
    ctx.analytics->RecordClick(id->get<std::string>(), position->get<size_t>());
  }
  res.status = 204;
}

void HandleAdminAnalytics(AnalyticsContext& ctx, const httplib::Request& req,
                          httplib::Response& res) {
  const httplib::Params params = DecodeQueryString(req.target);
  const auto max_days = static_cast<size_t>(ctx.options.analytics_days);
  size_t days = std::min<size_t>(kDefaultAnalyticsDays, max_days);
  if (params.count("days") && !ParseWhole(ParamValue(params, "days"), 1, max_days, &days)) {
    return SetError(
        res, 400, "invalid_parameter",
        "days must be a whole number from 1 to " + std::to_string(max_days) + " (--analytics-days)",
        "days");
  }
  size_t limit = kDefaultAnalyticsLimit;
  if (params.count("limit") &&
      !ParseWhole(ParamValue(params, "limit"), 1, kMaxAnalyticsLimit, &limit)) {
    return SetError(res, 400, "invalid_parameter",
                    "limit must be a whole number from 1 to " + std::to_string(kMaxAnalyticsLimit),
                    "limit");
  }
  // Off: the same answer with nothing counted, and enabled false.
  static const SearchAnalytics kNothing(SearchAnalytics::Config{1000, 366, 20});
  const SearchAnalytics& source = ctx.analytics != nullptr ? *ctx.analytics : kNothing;
  const SearchAnalytics::Summary summary = source.Summarise(static_cast<int>(days), limit);

  json per_day = json::array();
  for (const auto& day : summary.days) {
    per_day.push_back({{"date", DayText(day.day)},
                       {"queries", day.queries},
                       {"zero_results", day.zero_results},
                       {"clicks", day.clicks}});
  }
  json positions = json::array();
  for (size_t i = 0; i < summary.clicks_by_position.size(); ++i) {
    const uint64_t clicks = summary.clicks_by_position[i];
    json row = {{"position", i + 1},
                {"clicks", clicks},
                {"share", summary.clicks == 0
                              ? 0.0
                              : static_cast<double>(clicks) / static_cast<double>(summary.clicks)}};
    if (i + 1 == summary.clicks_by_position.size()) row["and_later"] = true;
    positions.push_back(std::move(row));
  }
  json body = {{"enabled", ctx.analytics != nullptr},
               {"storage", ctx.analytics == nullptr ? "none"
                           : ctx.persistent         ? "state_dir"
                                                    : "memory"},
               {"days", days},
               {"from", DayText(summary.first_day)},
               {"to", DayText(summary.last_day)},
               {"top_k", source.config().top_k},
               {"totals",
                {{"queries", summary.queries},
                 {"zero_results", summary.zero_results},
                 {"clicks", summary.clicks}}},
               {"per_day", std::move(per_day)},
               {"top_queries", RankedToJson(summary.top_queries, "query")},
               {"top_zero_results", RankedToJson(summary.top_zero_results, "query")},
               {"top_clicked", RankedToJson(summary.top_clicked, "id")},
               {"clicks_by_position", std::move(positions)}};
  res.set_header("Cache-Control", "no-store");
  res.set_content(DumpJson(body), "application/json");
}

void RegisterAnalyticsRoutes(httplib::Server& server, AnalyticsContext& ctx) {
  AddRoute(server, "POST", "/events/click",
           [&ctx](const httplib::Request& req, httplib::Response& res) {
             HandleClickEvent(ctx, req, res);
           });
  AddRoute(server, "GET", "/admin/analytics",
           [&ctx](const httplib::Request& req, httplib::Response& res) {
             HandleAdminAnalytics(ctx, req, res);
           });
}

}  // namespace byline::searchd
