#include "handlers.h"

#include <chrono>
#include <cstdio>

#include "byline/version.h"
#include "http_errors.h"
#include "json_output.h"
#include "middleware.h"
#include "query_string.h"
#include "search_params.h"

namespace byline::searchd {
namespace {

void SetJson(httplib::Response& res, const nlohmann::json& body) {
  res.set_content(DumpJson(body), "application/json");
}

// Said beside timed_out: true, so nobody mistakes partial counts for all.
std::string TimeLimitWarning(double limit_seconds) {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%g", limit_seconds * 1000);
  return std::string("the query hit the time limit of ") + ms +
         " ms: facet counts and total cover only the matches counted in that time";
}

}  // namespace

void HandleSearch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto start = std::chrono::steady_clock::now();
  SearchParams params;
  ParamError error;
  if (!ParseSearchParams(DecodeQueryString(req.target), ctx.options, &params, &error)) {
    SetError(res, 400, "invalid_parameter", error.message, error.parameter);
    return;
  }
  auto searcher = ctx.pool.AcquireForSearch();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  // Custom fields are checked against what the index declares now.
  if (Status s = (*searcher)->Refresh(); !s.ok()) return SetIndexError(res, s);
  if (!ResolveFieldParams((*searcher)->fields(), &params, &error)) {
    SetError(res, 400, "invalid_parameter", error.message, error.parameter);
    return;
  }
  auto found = (*searcher)->Search(params.request);
  if (!found.ok()) return SetIndexError(res, found.status());
  if (found->timed_out) res.set_header(kTimeLimitHeader, "true");

  nlohmann::json hits = nlohmann::json::array();
  for (const auto& hit : found->hits) hits.push_back(HitToJson(hit));
  double took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json body = {{"query", params.request.query},
                         {"total", found->total},
                         {"total_exact", found->total_exact},
                         {"timed_out", found->timed_out},
                         {"page", params.page},
                         {"per_page", params.per_page},
                         {"took_ms", took_ms},
                         {"did_you_mean", nullptr},
                         {"corrected", found->corrected},
                         {"hits", std::move(hits)}};
  if (!found->did_you_mean.empty()) body["did_you_mean"] = found->did_you_mean;
  if (found->deduped) body["folded"] = found->folded;
  if (!params.request.facets.empty() || !params.request.field_facets.empty()) {
    body["facets"] = FacetsToJson(found->facets);
  }
  if (found->timed_out) {
    body["warning"] = TimeLimitWarning(ctx.options.search.time_limit_seconds);
  }
  // Sharded indexes only: which shards are missing, what remote shards lack.
  if (found->partial) body["partial"] = true;
  std::vector<std::string> warnings = std::move(params.warnings);
  warnings.insert(warnings.end(), found->warnings.begin(), found->warnings.end());
  if (found->dedupe_short) {
    warnings.push_back("dedupe=near examined its limit of " +
                       std::to_string(params.request.dedupe_max_ranks) +
                       " ranks before this page was full; it holds fewer hits");
  }
  if (!warnings.empty()) body["warnings"] = warnings;
  SetJson(res, body);
  // A search a person made, counted once: its first page only (paging
  // through the same query is not a new search).
  if (ctx.analytics != nullptr && params.analytics && params.page == 1) {
    ctx.analytics->RecordQuery(params.request.query, found->total == 0);
  }
}

void HandleSuggest(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto start = std::chrono::steady_clock::now();
  SuggestRequest request;
  ParamError error;
  if (!ParseSuggestParams(DecodeQueryString(req.target), ctx.options, &request, &error)) {
    return SetError(res, 400, "invalid_parameter", error.message, error.parameter);
  }
  auto searcher = ctx.pool.AcquireForSearch();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto found = (*searcher)->Suggest(request);
  if (!found.ok()) return SetIndexError(res, found.status());
  nlohmann::json completions = nlohmann::json::array();
  for (const auto& c : found->completions) {
    completions.push_back({{"text", c.text}, {"articles", c.articles}});
  }
  nlohmann::json titles = nlohmann::json::array();
  for (const auto& t : found->titles) {
    nlohmann::json title = {{"id", t.id}, {"title", t.title}};
    if (!t.url.empty()) title["url"] = t.url;
    titles.push_back(std::move(title));
  }
  double took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  SetJson(res, {{"query", request.query},
                {"completions", std::move(completions)},
                {"titles", std::move(titles)},
                {"took_ms", took_ms}});
}

namespace {

void GetArticleById(Context& ctx, const std::string& id, httplib::Response& res) {
  if (id.empty() || id.size() > kMaxIdBytes) {
    return SetError(res, 404, "not_found", "no article with that id");
  }
  auto searcher = ctx.pool.AcquireForSearch();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto article = (*searcher)->GetArticle(id);
  if (!article.ok()) return SetError(res, article.status());
  SetJson(res, ArticleToJson(*article));
}

}  // namespace

void HandleGetArticle(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  GetArticleById(ctx, req.matches.size() > 1 ? req.matches[1].str() : "", res);
}

void HandleRelated(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  // The route matches the decoded path: "/articles/a%2Frelated" is article
  // "a/related", not the related articles of "a".
  constexpr char kSuffix[] = "/related";
  const std::string raw_path = req.target.substr(0, req.target.find('?'));
  const size_t suffix = sizeof kSuffix - 1;
  if (raw_path.size() < suffix ||
      raw_path.compare(raw_path.size() - suffix, suffix, kSuffix) != 0) {
    return GetArticleById(ctx, req.path.substr(std::string("/articles/").size()), res);
  }
  auto start = std::chrono::steady_clock::now();
  const std::string id = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (id.empty() || id.size() > kMaxIdBytes) {
    return SetError(res, 404, "not_found", "no article with that id");
  }
  RelatedParams params;
  ParamError error;
  if (!ParseRelatedParams(DecodeQueryString(req.target), ctx.options, &params, &error)) {
    return SetError(res, 400, "invalid_parameter", error.message, error.parameter);
  }
  auto searcher = ctx.pool.AcquireForSearch();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  if (Status s = (*searcher)->Refresh(); !s.ok()) return SetIndexError(res, s);
  if (!ResolveFieldParams((*searcher)->fields(), &params.search, &error)) {
    return SetError(res, 400, "invalid_parameter", error.message, error.parameter);
  }
  RelatedRequest request;
  request.id = id;
  request.limit = params.limit;
  request.filters = params.search.request.filters;
  request.return_fields = params.search.request.return_fields;
  request.snippets = params.search.request.snippets;
  request.snippet_chars = params.search.request.snippet_chars;
  auto found = (*searcher)->Related(request);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound) return SetError(res, found.status());
    return SetIndexError(res, found.status());
  }
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& hit : found->hits) hits.push_back(HitToJson(hit));
  double took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json body = {{"id", id}, {"hits", std::move(hits)}, {"took_ms", took_ms}};
  if (found->partial) body["partial"] = true;
  std::vector<std::string> warnings = std::move(params.search.warnings);
  warnings.insert(warnings.end(), found->warnings.begin(), found->warnings.end());
  if (!warnings.empty()) body["warnings"] = warnings;
  SetJson(res, body);
}

void HandleGetDuplicates(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (id.empty() || id.size() > kMaxIdBytes) {
    return SetError(res, 404, "not_found", "no article with that id");
  }
  size_t limit = 0;
  ParamError error;
  if (!ParseDuplicatesParams(DecodeQueryString(req.target), &limit, &error)) {
    return SetError(res, 400, "invalid_parameter", error.message, error.parameter);
  }
  auto searcher = ctx.pool.AcquireForSearch();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  auto found = (*searcher)->Duplicates(id, limit);
  if (!found.ok() && found.status().code() == StatusCode::kNotFound) {
    // The path may name an article whose id ends in "/duplicates".
    if (auto article = (*searcher)->GetArticle(id + "/duplicates"); article.ok()) {
      return SetJson(res, ArticleToJson(*article));
    }
  }
  if (!found.ok()) return SetError(res, found.status());
  SetJson(res, DuplicatesToJson(id, *found));
}

void HandleFields(Context& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetIndexError(res, searcher.status());
  if (Status s = (*searcher)->Refresh(); !s.ok()) return SetIndexError(res, s);
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldSpec& field : (*searcher)->fields()) {
    fields.push_back({{"name", field.name}, {"type", FieldTypeName(field.type)}});
  }
  SetJson(res, {{"fields", std::move(fields)}});
}

void HandleHealth(Context& ctx, const httplib::Request&, httplib::Response& res) {
  // Unhealthy (503) when the index cannot be read now: a load balancer then
  // routes around this server instead of sending it searches that fail.
  auto unhealthy = [&res](const Status& s) {
    res.status = 503;
    SetJson(res, {{"status", "unhealthy"},
                  {"version", VersionString()},
                  {"error", {{"code", StatusCodeName(s.code())}, {"message", s.message()}}}});
  };
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return unhealthy(searcher.status());
  // Forced: a health check looks at the index as it is, not as it was.
  if (Status s = (*searcher)->Refresh(/*force=*/true); !s.ok()) return unhealthy(s);
  SetJson(res, {{"status", "ok"},
                {"version", VersionString()},
                {"articles", (*searcher)->article_count()},
                {"generation", (*searcher)->generation()}});
}

}  // namespace byline::searchd
