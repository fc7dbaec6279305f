// byline-search: command-line search over a Byline index.
//
//   byline-search --index DIR [--limit N] [--op and|or] [--json] QUERY...
//   byline-search --index DIR --batch QUERIES.txt [--json] [--limit N]
//   byline-search --index DIR --duplicates ID [--json] [--limit N]
//   byline-search --index DIR --like ID [--limit N] [filters] [--json]
//
// --like lists the articles related to article ID (by its own distinctive
// words; never the article itself or its copies), filters applying.
// --batch runs one query per line in one process (a line "QID<TAB>query"
// carries its own id) and prints one JSON object per line. Exit status: 0 ok;
// 1 fatal error (no index, a query that fails); 2 usage error; 3 answered,
// but from only some shards (--allow-partial with a remote shard down).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "byline/date_bound.h"
#include "byline/field_request.h"
#include "byline/searcher.h"
#include "command_line.h"
#include "json_output.h"
#include "terminal_text.h"

namespace {

namespace cli = byline::cli;

struct Flags {
  std::string index;
  std::vector<std::string> words;
  std::string batch;
  size_t limit = 10;
  size_t offset = 0;
  std::string op = "and";
  bool json = false;
  bool no_snippets = false;
  bool no_feedback = false;
  std::string ranking;
  bool allow_partial = false;
  bool color = isatty(STDOUT_FILENO);
  std::vector<std::string> sources, tags, authors;
  std::string from, to;
  std::string sort = "relevance";
  double recency_days = 0;
  std::vector<std::string> facets;
  std::string date_interval = "auto";
  std::vector<std::string> filters;  // FIELD=VALUE on declared fields
  std::vector<std::string> fields;   // stored fields to show with hits
  std::string collapse;
  std::string dedupe = "off";
  std::string duplicates_of;  // --duplicates ID
  bool autocorrect = false;
  std::string like;  // the id of the article whose related articles are listed
};

// Fills the request's filters, order, facets and collapse from the flags;
// the message naming the flag when a value is unusable, else "".
std::string ApplySearchFlags(const Flags& flags, byline::SearchRequest* r) {
  r->filters.sources = flags.sources;
  r->filters.tags = flags.tags;
  r->filters.authors = flags.authors;
  for (auto [flag, text, bound, out] :
       {std::tuple{"--from", &flags.from, byline::DateBound::kStart, &r->filters.published_from},
        std::tuple{"--to", &flags.to, byline::DateBound::kEnd, &r->filters.published_to}}) {
    if (text->empty()) continue;
    auto when = byline::ParseDateBound(*text, bound);
    if (!when.ok()) return std::string(flag) + ": " + when.status().message();
    *out = *when;
  }
  r->sort = flags.sort == "date"    ? byline::SortOrder::kOldestFirst
            : flags.sort == "-date" ? byline::SortOrder::kNewestFirst
            : flags.sort == "relevance"
                ? byline::SortOrder::kRelevance
                : byline::SortOrder::kByField;  // checked by ApplyFieldFlags
  if (r->sort == byline::SortOrder::kByField) {
    r->sort_descending = !flags.sort.empty() && flags.sort[0] == '-';
    r->sort_field = r->sort_descending ? flags.sort.substr(1) : flags.sort;
  }
  r->recency_half_life_days = flags.recency_days;
  for (const auto& name : flags.facets) {
    if (auto field = byline::ParseFacetField(name)) {
      r->facets.push_back(*field);
    } else {
      r->field_facets.push_back(name);  // checked by ApplyFieldFlags
    }
  }
  if (auto interval = byline::ParseDateInterval(flags.date_interval)) {
    r->date_interval = *interval;
  } else {
    return "--date-interval: \"" + flags.date_interval +
           "\" is not one of auto, day, week, month, year";
  }
  r->return_fields = flags.fields;
  r->dedupe = flags.dedupe == "near" ? byline::Dedupe::kNear : byline::Dedupe::kOff;
  r->collapse = flags.collapse == "url"     ? byline::CollapseKey::kUrl
                : flags.collapse == "title" ? byline::CollapseKey::kTitle
                                            : byline::CollapseKey::kNone;
  r->auto_correct = flags.autocorrect;
  if (r->recency_half_life_days > 0 && r->sort != byline::SortOrder::kRelevance) {
    return "--recency blends with relevance; it cannot be used with --sort " + flags.sort;
  }
  return "";
}

// What the flags ask of custom fields, checked against the index's declared
// `fields`: --filter, --facets and --sort naming one; the message naming
// the flag when something is wrong, else "".
std::string ApplyFieldFlags(const Flags& flags, const byline::FieldSchema& fields,
                            byline::SearchRequest* r) {
  byline::NamedFieldValues by_field;
  for (const std::string& spec : flags.filters) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      return "--filter: \"" + spec + "\" must look like FIELD=VALUE, e.g. category=world";
    }
    const std::string name = spec.substr(0, eq);
    auto it = std::find_if(by_field.begin(), by_field.end(),
                           [&](const auto& f) { return f.first == name; });
    if (it == by_field.end()) it = by_field.insert(by_field.end(), {name, {}});
    it->second.push_back(spec.substr(eq + 1));
  }
  auto refused = byline::ResolveFieldRequest(fields, by_field, r);
  if (!refused) return "";
  const char* flag = refused->use == byline::FieldUse::kFacet  ? "--facets"
                     : refused->use == byline::FieldUse::kSort ? "--sort"
                                                               : "--filter";
  return std::string(flag) + ": " + refused->status.message();
}

nlohmann::json ResponseToJson(const byline::SearchResponse& r, bool with_hits) {
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& hit : r.hits) ids.push_back(hit.id);
  nlohmann::json out = {{"total", r.total}, {"total_exact", r.total_exact}, {"ids", ids}};
  if (!r.did_you_mean.empty()) out["did_you_mean"] = r.did_you_mean;
  if (r.corrected) out["corrected"] = true;
  if (r.deduped) out["folded"] = r.folded;
  if (!r.facets.empty()) out["facets"] = byline::FacetsToJson(r.facets);
  if (r.partial) out["partial"] = true;
  if (!r.warnings.empty()) out["warnings"] = r.warnings;
  if (with_hits) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& hit : r.hits) hits.push_back(byline::HitToJson(hit));
    out["hits"] = std::move(hits);
  }
  return out;
}

// Hit number `rank` (1-based) as PrintForPeople shows it.
void PrintHit(const byline::Hit& hit, size_t rank, const Flags& flags);

void PrintForPeople(const byline::SearchResponse& r, const Flags& flags) {
  if (r.corrected) std::cout << "Showing results for: " << r.did_you_mean << "\n";
  // Warnings go to stderr so a pipe reading the hits is not confused.
  if (r.partial) std::cerr << "byline-search: PARTIAL results (some shards are down)\n";
  for (const auto& w : r.warnings) std::cerr << "byline-search: warning: " << w << "\n";
  // Not exact: more matched than were counted ("1000+").
  std::cout << r.total << (r.total_exact ? "" : "+") << " matching articles";
  if (r.deduped) std::cout << " (" << r.folded << " near-duplicates folded on this page)";
  std::cout << "\n";
  if (!r.corrected && !r.did_you_mean.empty()) {
    std::cout << "Did you mean: " << r.did_you_mean << "?\n";
  }
  for (const auto& facet : r.facets) {
    std::cout << (facet.name.empty() ? byline::FacetFieldName(facet.field) : facet.name) << ":";
    if (!facet.interval.empty()) std::cout << " (by " << facet.interval << ")";
    for (const auto& v : facet.values) std::cout << "  " << v.value << " (" << v.count << ")";
    if (!facet.interval.empty()) std::cout << "  undated (" << facet.undated << ")";
    std::cout << "\n";
  }
  size_t rank = flags.offset;
  for (const auto& hit : r.hits) PrintHit(hit, ++rank, flags);
}

void PrintHit(const byline::Hit& hit, size_t rank, const Flags& flags) {
  const std::string on = flags.color ? "\033[1;33m" : "", off = flags.color ? "\033[0m" : "";
  const std::string dim = flags.color ? "\033[2m" : "";
  std::cout << "\n"
            << rank << ". "
            << byline::HtmlSnippetToTerminal(hit.title_html.empty() ? hit.title : hit.title_html,
                                             on, off)
            << "\n";
  std::string meta = hit.id;
  if (!hit.source.empty()) meta += " · " + hit.source;
  if (!hit.published.empty()) meta += " · " + hit.published.substr(0, 10);
  if (!hit.url.empty()) meta += " · " + hit.url;
  std::cout << "   " << dim << byline::HtmlSnippetToTerminal(meta, "", "") << off << "\n";
  if (!hit.snippet_html.empty()) {
    std::cout << "   " << byline::HtmlSnippetToTerminal(hit.snippet_html, on, off) << "\n";
  }
  for (const auto& [name, value] : hit.fields) {
    std::cout << "   " << dim << name << ": " << byline::PlainTextToTerminal(value) << off << "\n";
  }
  if (hit.duplicates && *hit.duplicates > 0) {
    std::cout << "   " << dim << *hit.duplicates << " similar stor"
              << (*hit.duplicates == 1 ? "y" : "ies") << " (--duplicates " << hit.id << ")" << off
              << "\n";
  }
}

// --like: the articles related to flags.like, with the request's filters
// and fields. Exit status: 0; 1 when there is no such article (or the index
// fails); 3 when the answer was partial.
int RunLike(byline::Searcher& searcher, const byline::SearchRequest& request, const Flags& flags) {
  byline::RelatedRequest related;
  related.id = flags.like;
  related.limit = flags.limit;
  related.filters = request.filters;
  related.return_fields = request.return_fields;
  related.snippets = request.snippets;
  auto found = searcher.Related(related);
  if (!found.ok()) {
    std::cerr << "byline-search: " << found.status().message() << "\n";
    return cli::kExitFatal;
  }
  if (flags.json) {
    nlohmann::json ids = nlohmann::json::array();
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& hit : found->hits) {
      ids.push_back(hit.id);
      hits.push_back(byline::HitToJson(hit));
    }
    nlohmann::json out = {{"like", flags.like}, {"ids", ids}, {"hits", hits}};
    if (found->partial) out["partial"] = true;
    if (!found->warnings.empty()) out["warnings"] = found->warnings;
    std::cout << byline::DumpJson(out) << "\n";
  } else {
    if (found->partial) std::cerr << "byline-search: PARTIAL results (some shards are down)\n";
    for (const auto& w : found->warnings) std::cerr << "byline-search: warning: " << w << "\n";
    std::cout << found->hits.size() << " articles related to " << flags.like << "\n";
    size_t rank = 0;
    for (const auto& hit : found->hits) PrintHit(hit, ++rank, flags);
  }
  return found->partial ? cli::kExitPartial : cli::kExitOk;
}

// --duplicates ID: the article's near-duplicates, closest first.
int RunDuplicates(byline::Searcher& searcher, const Flags& flags) {
  auto found = searcher.Duplicates(flags.duplicates_of, flags.limit);
  if (!found.ok()) {
    std::cerr << "byline-search: " << found.status().message() << "\n";
    return cli::kExitFatal;
  }
  if (flags.json) {
    std::cout << byline::DumpJson(byline::DuplicatesToJson(flags.duplicates_of, *found)) << "\n";
    return cli::kExitOk;
  }
  std::cout << found->total << " near-duplicate" << (found->total == 1 ? "" : "s") << " of "
            << byline::PlainTextToTerminal(flags.duplicates_of) << "\n";
  for (const auto& d : found->duplicates) {
    std::string line = d.id;
    if (!d.source.empty()) line += " · " + d.source;
    if (!d.published.empty()) line += " · " + d.published.substr(0, 10);
    std::cout << "  " << d.distance << "  " << byline::PlainTextToTerminal(line) << "  "
              << byline::PlainTextToTerminal(d.title) << "\n";
  }
  return cli::kExitOk;
}

// Exit status: 0, 1 at the first query that fails, 3 when some answer was
// partial.
int RunBatch(byline::Searcher& searcher, byline::SearchRequest request, const Flags& flags) {
  std::ifstream in(flags.batch);
  if (!in && flags.batch != "-") {
    std::cerr << "byline-search: cannot open " << flags.batch << "\n";
    return cli::kExitFatal;
  }
  std::istream& queries = flags.batch == "-" ? std::cin : in;
  std::string line;
  size_t line_no = 0;
  bool partial = false;
  while (std::getline(queries, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string qid = std::to_string(line_no);
    if (auto tab = line.find('\t'); tab != std::string::npos) {
      qid = line.substr(0, tab);
      line = line.substr(tab + 1);
    }
    request.query = line;
    auto found = searcher.Search(request);
    if (!found.ok()) {
      std::cerr << "byline-search: " << flags.batch << ":" << line_no << ": "
                << found.status().message() << "\n";
      return cli::kExitFatal;
    }
    partial = partial || found->partial;
    nlohmann::json out = ResponseToJson(*found, !flags.no_snippets);
    out["qid"] = qid;
    out["query"] = line;
    std::cout << byline::DumpJson(out) << "\n";
  }
  return partial ? cli::kExitPartial : cli::kExitOk;
}

int Main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"byline-search: search a Byline index from the command line"};
  cli::ExitStatusHelp exits;
  exits.fatal = "fatal error: no index, a query that fails, a --batch file that cannot be read";
  exits.partial = "answered from only some shards (--allow-partial with a remote shard down)";
  cli::SetUpCommandLine(&app, "byline-search", exits);
  // Required, but checked after parsing: CLI11 reports a missing required
  // flag before an unknown one, which would hide a typo (--idx).
  app.add_option("--index,-i", flags.index, "Index directory; required");
  app.add_option("query", flags.words, "Query words (Xapian query syntax)");
  app.add_option("--batch", flags.batch,
                 "Run one query per line of this file (- for stdin); QID<TAB>query lines "
                 "keep their id; prints one JSON object per line");
  app.add_option("--like", flags.like,
                 "List the articles related to the article with this id (by its own "
                 "distinctive words; never it or its copies); filters and --limit apply");
  app.add_option("--limit,-n", flags.limit, "Number of results")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--offset", flags.offset, "Skip this many results")->capture_default_str();
  app.add_option("--op", flags.op, "How plain words combine: and (all must match) or or")
      ->capture_default_str()
      ->check(CLI::IsMember({"and", "or"}));
  app.add_option("--source", flags.sources, "Only articles from this source (repeatable: any of)")
      ->allow_extra_args(false);
  app.add_option("--tag", flags.tags, "Only articles with this tag (repeatable: any of)")
      ->allow_extra_args(false);
  app.add_option("--author", flags.authors, "Only articles by this author (repeatable: any of)")
      ->allow_extra_args(false);
  app.add_option("--from", flags.from, "Only articles published on or after (YYYY[-MM[-DD]])");
  app.add_option("--to", flags.to, "Only articles published on or before (YYYY[-MM[-DD]])");
  app.add_option("--sort", flags.sort,
                 "relevance, date (oldest first) or -date (newest first; write --sort=-date), "
                 "or a declared number or date field: FIELD ascending, -FIELD descending")
      ->capture_default_str();
  app.add_option("--recency", flags.recency_days,
                 "Boost newer articles: half-life in days, blended with relevance")
      ->check(CLI::Range(0.0, 36525.0));
  app.add_option("--facets", flags.facets,
                 "Count matches by source, tag, year, date (a timeline, see --date-interval) "
                 "and/or declared keyword fields (--facets source,tag or repeat the flag)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--date-interval", flags.date_interval,
                 "Bucket of --facets date: day, week (ISO, Monday first), month, year, or auto "
                 "(the finest giving at most 60 buckets)")
      ->capture_default_str();
  app.add_option("--filter", flags.filters,
                 "Only articles whose declared field matches: FIELD=VALUE for a keyword field, "
                 "FIELD=A..B (either end open) for a number or date field (repeatable: the "
                 "same field any of, different fields all)")
      ->allow_extra_args(false);
  app.add_option("--fields", flags.fields,
                 "Show these stored custom fields with each hit (--fields a,b; * for all)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--collapse", flags.collapse, "Show one article per url or per title")
      ->check(CLI::IsMember({"url", "title"}));
  app.add_option("--dedupe", flags.dedupe,
                 "near: fold near-duplicates (wire copies, updated versions) into the "
                 "best-ranked one; off (the default) shows every match")
      ->check(CLI::IsMember({"near", "off"}));
  app.add_option("--duplicates", flags.duplicates_of,
                 "List the near-duplicates of the article with this id (at most --limit), "
                 "instead of searching");
  app.add_flag("--autocorrect", flags.autocorrect,
               "When nothing matches, search for the spelling correction instead");
  app.add_flag("--json", flags.json, "Print JSON");
  app.add_flag("--allow-partial", flags.allow_partial,
               "Sharded index with a remote shard down: answer from the others (marked "
               "partial; exit status 3) instead of failing");
  app.add_flag("--no-snippets", flags.no_snippets, "Leave out titles and snippets (faster)");
  app.add_flag("--no-feedback", flags.no_feedback,
               "Do not expand long queries with words from their top results");
  app.add_option(
      "--ranking", flags.ranking,
      "Change ranking settings, for experiments: KEY=VALUE,... with keys k1, b, delta, k3, "
      "title, proximity, window, fb_min_terms, fb_docs, fb_terms, fb_min_docs, fb_weight, "
      "fb_coverage, fb_lead (see bench/RESULTS.md, \"Ranking quality\")");
  if (auto exit_code = cli::ParseCommandLine(&app, argc, argv)) return *exit_code;

  if (flags.index.empty()) return cli::UsageError(app, "--index is required");
  if (!flags.duplicates_of.empty() &&
      (!flags.batch.empty() || !flags.words.empty() || !flags.like.empty())) {
    return cli::UsageError(app,
                           "--duplicates lists one article's near-duplicates; it cannot be "
                           "given with a query, --batch or --like");
  }
  if (!flags.like.empty()) {
    if (!flags.words.empty() || !flags.batch.empty()) {
      return cli::UsageError(app,
                             "--like takes no query words and no --batch: it lists the "
                             "articles related to " +
                                 flags.like);
    }
    for (const char* flag : {"--offset", "--op", "--sort", "--recency", "--facets",
                             "--date-interval", "--collapse", "--autocorrect", "--dedupe"}) {
      if (app.count(flag) > 0) {
        return cli::UsageError(app, std::string(flag) + " cannot be used with --like");
      }
    }
    if (app.count("--limit") == 0) flags.limit = 5;  // a short list, as the page shows
    if (flags.limit > byline::kMaxRelatedLimit) {
      return cli::UsageError(
          app, "--limit is at most " + std::to_string(byline::kMaxRelatedLimit) + " with --like");
    }
  } else if (flags.batch.empty() && flags.words.empty() && flags.duplicates_of.empty()) {
    return cli::UsageError(app, "give a QUERY, --batch FILE, --like ID or --duplicates ID");
  }
  if (!flags.batch.empty() && !flags.words.empty()) {
    // Silently dropping them would hide a mistake such as "--facets source tag".
    return cli::UsageError(app, "query words (\"" + flags.words.front() +
                                    "\"...) cannot be given with --batch, which reads the "
                                    "queries from " +
                                    flags.batch);
  }
  byline::SearchRequest request;
  request.limit = flags.limit;
  request.offset = flags.offset;
  request.op = flags.op == "or" ? byline::DefaultOp::kOr : byline::DefaultOp::kAnd;
  request.snippets = !flags.no_snippets;
  if (std::string error = ApplySearchFlags(flags, &request); !error.empty()) {
    return cli::UsageError(app, error);
  }

  byline::SearchOptions options;
  options.time_limit_seconds = 0;  // a person or script waiting wants the whole answer
  options.expand_long_queries = !flags.no_feedback;
  options.allow_partial = flags.allow_partial;
  if (byline::Status s = byline::ParseRankingOptions(flags.ranking, &options.ranking); !s.ok()) {
    return cli::UsageError(app, "--ranking: " + s.message());
  }
  auto searcher = byline::Searcher::Open(flags.index, options);
  if (!searcher.ok()) {
    std::cerr << "byline-search: " << searcher.status().message() << "\n";
    return cli::kExitFatal;
  }
  if (std::string error = ApplyFieldFlags(flags, (*searcher)->fields(), &request); !error.empty()) {
    return cli::UsageError(app, error);
  }
  if (!flags.duplicates_of.empty()) return RunDuplicates(**searcher, flags);
  if (!flags.like.empty()) return RunLike(**searcher, request, flags);
  if (!flags.batch.empty()) return RunBatch(**searcher, request, flags);

  for (const auto& word : flags.words) {
    if (!request.query.empty()) request.query += ' ';
    request.query += word;
  }
  auto found = (*searcher)->Search(request);
  if (!found.ok()) {
    std::cerr << "byline-search: " << found.status().message() << "\n";
    return cli::kExitFatal;
  }
  if (flags.json) {
    nlohmann::json out = ResponseToJson(*found, true);
    out["query"] = request.query;
    std::cout << byline::DumpJson(out) << "\n";
  } else {
    PrintForPeople(*found, flags);
  }
  return found->partial ? cli::kExitPartial : cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return cli::RunMain("byline-search", [&] { return Main(argc, argv); });
}
