#include "handlers.h"

#include <chrono>

#include "http_errors.h"
#include "json_output.h"
#include "query_string.h"
#include "search_params.h"

namespace byline::searchd {
namespace {

void SetJson(httplib::Response& res, const nlohmann::json& body) {
  res.set_content(DumpJson(body), "application/json");
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
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetError(res, searcher.status());
  auto found = (*searcher)->Search(params.request);
  if (!found.ok()) return SetError(res, found.status());

  nlohmann::json hits = nlohmann::json::array();
  for (const auto& hit : found->hits) hits.push_back(HitToJson(hit));
  double took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  SetJson(res, {{"query", params.request.query},
                {"total", found->total},
                {"total_exact", found->total_exact},
                {"timed_out", found->timed_out},
                {"page", params.page},
                {"per_page", params.per_page},
                {"took_ms", took_ms},
                {"hits", std::move(hits)}});
}

void HandleGetArticle(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (id.empty() || id.size() > kMaxIdBytes) {
    return SetError(res, 404, "not_found", "no article with that id");
  }
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetError(res, searcher.status());
  auto article = (*searcher)->GetArticle(id);
  if (!article.ok()) return SetError(res, article.status());
  SetJson(res, ArticleToJson(*article));
}

void HandleHealth(Context& ctx, const httplib::Request&, httplib::Response& res) {
  auto searcher = ctx.pool.Acquire();
  if (!searcher.ok()) return SetError(res, searcher.status());
  if (Status s = (*searcher)->Refresh(); !s.ok()) return SetError(res, s);
  SetJson(res, {{"status", "ok"},
                {"articles", (*searcher)->article_count()},
                {"generation", (*searcher)->generation()}});
}

}  // namespace byline::searchd
