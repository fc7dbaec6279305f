#include "server_config.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

#include "command_line.h"

namespace byline::searchd {
namespace {

// "--max-per-page" -> "BYLINE_MAX_PER_PAGE".
std::string EnvName(const std::string& flag) {
  std::string name = "BYLINE_";
  for (char c : flag.substr(2)) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

// True when argv sets `flag` ("--flag", "--flag=...", or its short name).
bool OnCommandLine(const CLI::Option& option, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    std::string name = arg.substr(0, arg.find('='));
    if (name.rfind("--", 0) == 0 && option.check_lname(name.substr(2))) return true;
    if (name.size() == 2 && name[0] == '-' && option.check_sname(name.substr(1))) return true;
  }
  return false;
}

// CLI11 2.1 lets a config file beat the environment and reads --config's own
// variable too late. To get flag > environment > file, each BYLINE_* value
// whose flag is absent is passed on as if it had been typed.
std::vector<std::string> WithEnvironment(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (const CLI::Option* option : app.get_options()) {
    const std::string& env = option->get_envname();
    if (env.empty() || OnCommandLine(*option, argc, argv)) continue;
    if (const char* value = std::getenv(env.c_str())) {
      args.push_back("--" + option->get_lnames().front() + "=" + value);
    }
  }
  return args;
}

// Adds --flag with its BYLINE_* environment variable and its default shown.
template <typename T>
CLI::Option* AddOption(CLI::App& app, const std::string& flag, T& value, const std::string& help) {
  return app.add_option(flag, value, help)->envname(EnvName(flag))->capture_default_str();
}

// Adds an on/off --flag with its BYLINE_* environment variable ("true"/"false").
CLI::Option* AddFlag(CLI::App& app, const std::string& flag, bool& value, const std::string& help) {
  return app.add_flag(flag, value, help)->envname(EnvName(flag));
}

// `line` without its trailing "# comment": a # inside quotes is kept.
std::string WithoutComment(const std::string& line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return line.substr(0, i);
    }
  }
  return line;
}

// Reads the config file as CLI11 does, but a # inside a quoted value is the
// value's (CLI11 2.1 cuts accent-color = "#b8321a" at the #), and keys may
// be written either way: page_title = ... is page-title = ....
class SearchdConfigFile : public CLI::ConfigTOML {
 public:
  SearchdConfigFile() { comment('\0'); }  // comments are taken off before
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::string text;
    for (std::string line; std::getline(input, line);) text += WithoutComment(line) + "\n";
    std::istringstream uncommented(text);
    std::vector<CLI::ConfigItem> read = CLI::ConfigTOML::from_config(uncommented);
    for (auto& item : read) std::replace(item.name.begin(), item.name.end(), '_', '-');
    return read;
  }
};

// "HOST:PORT", "[V6]:PORT" or ":PORT".
bool ParseListen(const std::string& text, ServerOptions* options) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  int port = std::stoi(port_text);  // at most 5 digits: cannot throw
  if (port > 65535) return false;
  options->port = port;
  options->host = host.empty() ? "127.0.0.1" : host;
  return true;
}

}  // namespace

std::optional<int> LoadServerOptions(int argc, char** argv, ServerOptions* options) {
  std::string listen = "127.0.0.1:8080";
  double time_limit_ms = options->search.time_limit_seconds * 1000;
  double reopen_interval_ms = options->search.reopen_interval_seconds * 1000;
  double remote_timeout_ms = options->search.remote_timeout_seconds * 1000;
  double remote_connect_timeout_ms = options->search.remote_connect_timeout_seconds * 1000;

  CLI::App app{
      "byline-searchd: HTTP search over a Byline index.\n\n"
      "Every option can also be set in a config file (--config, TOML or INI, keys named\n"
      "like the long options without the dashes, - or _ alike: threads = 4,\n"
      "max-per-page = 50, page_title = \"News search\", cors-origin = [\"https://a.example\"])\n"
      "or in the environment variable shown (Env:BYLINE_...). A flag beats its variable,\n"
      "which beats the file."};
  cli::ExitStatusHelp exits;
  exits.ok = "stopped by SIGTERM or SIGINT";
  exits.fatal = "could not start: no index, the address in use, TLS files unusable, ...";
  cli::SetUpCommandLine(&app, "byline-searchd", exits);
  app.set_config("--config", "", "Read options from this TOML or INI file")
      ->envname("BYLINE_CONFIG");
  app.config_formatter(std::make_shared<SearchdConfigFile>());
  app.allow_config_extras(CLI::config_extras_mode::error);  // a typo in the file is an error

  // Required, but checked after parsing: CLI11 reports a missing required
  // flag before an unknown one, which would hide a typo (--idx).
  AddOption(app, "--index", options->index_dir,
            "Index directory (made by byline-indexer); required");
  AddOption(app, "--listen", listen,
            "Address to serve on, HOST:PORT ([V6]:PORT for IPv6); port 0 picks a free one "
            "and prints it. Binds to loopback unless told otherwise");
  AddOption(app, "--threads", options->threads,
            "Worker threads (1-1024); each serves one connection at a time and keeps its own "
            "index handle, so this bounds the clients served at once");
  AddOption(app, "--max-searches", options->max_searches,
            "Searches run at once (0: 1.5 x the cores + 1); more wait their turn, first come "
            "first served, so a costly query is not slowed down by all the others");
  AddOption(app, "--queue-timeout", options->queue_timeout_seconds,
            "Seconds a search may wait for its turn before it gets 503 with Retry-After");

  AddOption(app, "--max-query-bytes", options->max_query_bytes,
            "Longest q accepted; longer gets 400");
  AddOption(app, "--max-per-page", options->max_per_page, "Largest per_page a client may ask for");
  AddOption(app, "--default-per-page", options->default_per_page,
            "per_page when the client gives none");
  AddOption(app, "--max-depth", options->max_depth,
            "Deepest result a client may page to (page * per_page); totals are exact up to "
            "this many matches (at least 1000)");
  AddOption(app, "--max-snippet-chars", options->max_snippet_chars,
            "Largest snippet_chars a client may ask for");
  AddOption(app, "--time-limit-ms", time_limit_ms,
            "Time limit in milliseconds for counting every match, which facets need; 0 for "
            "none. When hit, the hits are still the best, the facet counts and total partial, "
            "and the answer says timed_out: true");
  AddOption(app, "--reopen-interval-ms", reopen_interval_ms,
            "How often, at most, each worker checks the index for new commits");
  AddOption(app, "--remote-timeout-ms", remote_timeout_ms,
            "Remote shards (stub lines \"remote HOST:PORT\"): how long one reply may take "
            "before the shard counts as down");
  AddOption(app, "--remote-connect-timeout-ms", remote_connect_timeout_ms,
            "Remote shards: how long connecting may take before the shard counts as down");
  AddFlag(app, "--allow-partial", options->search.allow_partial,
          "When a remote shard is down, answer from the others with partial: true instead "
          "of 503");
  AddOption(app, "--max-wildcard-expansion", options->search.max_wildcard_expansion,
            "Most terms a word* wildcard may expand to");

  AddOption(app, "--max-request-bytes", options->max_request_bytes,
            "Largest request body; more gets 413");
  AddOption(app, "--max-write-bytes", options->max_write_bytes,
            "Largest body of a write (PUT/POST /admin/articles, POST /admin/delete); more "
            "gets 413. Search routes keep --max-request-bytes");
  AddOption(app, "--write-wait", options->write_wait_seconds,
            "Seconds a write waits while another writer (byline-indexer) holds the index "
            "before it gets 409 index_busy; searches never wait for writes");
  AddOption(app, "--auto-compact", options->auto_compact,
            "After a commit of writes that brings the share of the index written since its "
            "last compaction to --auto-compact-threshold, compact it on the write thread "
            "(searches go on; writes arriving meanwhile wait): on or off");
  AddOption(app, "--auto-compact-threshold", options->auto_compact_threshold,
            "Share of the index written (articles upserted + deleted) since its last "
            "compaction at which --auto-compact compacts it");
  AddOption(app, "--auto-compact-min-writes", options->auto_compact_min_writes,
            "Fewest articles written since the last compaction before --auto-compact "
            "compacts, so a small index is not compacted on every commit");
  AddOption(app, "--auto-compact-max-size", options->auto_compact_max_size,
            "Size of the index against a compacted one of as many articles at which "
            "--auto-compact compacts it (1.1: a tenth larger); 0: no size limit");
  AddOption(app, "--map", options->field_map,
            "Field mapping of written articles, CANONICAL=SOURCE (e.g. body=content), as "
            "byline-indexer's --map; repeat for more");
  AddOption(app, "--body-format", options->body_format,
            "How written articles' bodies are read when a record has no \"body_format\": "
            "auto (HTML when it plainly is, else text), text, html or markdown");
  AddFlag(app, "--create", options->create_index,
          "Make an empty index at --index when there is none, to fill it over HTTP (PUT/POST "
          "/admin/articles); without it a missing index is an error at start");
  AddOption(app, "--max-delete", options->max_delete,
            "Most articles one POST /admin/delete may delete without force=true: a count "
            "(500) or a share of the index (10%), as byline-indexer's --max-delete");
  AddOption(app, "--max-header-bytes", options->max_header_bytes,
            "Largest total size of the request headers; more gets 431 (a single line over "
            "8192 bytes is refused by the HTTP library itself: 414 or 400)");
  AddOption(app, "--read-timeout", options->read_timeout_seconds,
            "Seconds a client may stay silent while sending a request before it is cut off");
  AddOption(app, "--request-timeout", options->request_timeout_seconds,
            "Seconds a client may take to send a whole request (line, headers and body), "
            "however steadily it trickles, before its connection is closed (1-3600; 0: no "
            "such deadline, for a server behind a proxy that buffers requests)");
  AddOption(app, "--write-timeout", options->write_timeout_seconds,
            "Seconds a client may take to read a response before it is cut off");
  AddOption(app, "--keep-alive-max", options->keep_alive_max_count,
            "Requests served on one connection before it is closed");
  AddOption(app, "--keep-alive-timeout", options->keep_alive_timeout_seconds,
            "Seconds an idle kept-alive connection may hold its worker before it is closed");

  AddOption(app, "--cors-origin", options->cors_origins,
            "Browser origin allowed to call from another site, e.g. https://news.example; "
            "repeat or separate with commas for more, * for any. Without it no CORS headers "
            "are sent")
      ->delimiter(',');
  AddOption(app, "--api-key", options->api_key,
            "When set, /search, /suggest and /articles/ need it as \"Authorization: Bearer "
            "KEY\" or \"X-API-Key: KEY\". Prefer the environment or the config file to "
            "keep it out of ps");
  AddOption(app, "--tls-cert", options->tls_cert,
            "PEM certificate file (with its chain): serve HTTPS instead of HTTP. Needs --tls-key");
  AddOption(app, "--tls-key", options->tls_key, "PEM private key file of --tls-cert");
  AddOption(app, "--admin-token", options->admin_token,
            "Token for /admin/* (at least 16 characters), sent as \"Authorization: Bearer "
            "TOKEN\"; without one, admin routes answer 403");
  AddOption(app, "--access-log", options->access_log,
            "Log one line per request: - for stderr, else a file to append to. Off by default");
  AddOption(app, "--access-log-format", options->access_log_format,
            "json (one object per line) or common (Common Log Format)")
      ->check(CLI::IsMember({"json", "common"}));
  AddOption(app, "--trusted-proxy", options->trusted_proxies,
            "A reverse proxy in front, as an address or range (127.0.0.1, 10.0.0.0/8, "
            "fd00::/8); repeat or separate with commas for more. From a peer inside one, the "
            "client address of the access log is read from --proxy-header; from any other "
            "peer that header is ignored")
      ->delimiter(',');
  AddOption(app, "--proxy-header", options->proxy_header,
            "The header the trusted proxies write: x-forwarded-for, or forwarded (RFC 7239). "
            "Only this one is read, so a client cannot slip in the other");

  AddOption(
      app, "--rate-limit", options->rate_limit,
      "Requests a second each client address may make to /search, /suggest, /fields, "
      "/articles/ and /events/click (fractions allowed, 0.5 is one every 2 s); more get 429 with "
      "Retry-After. 0: no limit. Behind a proxy, needs --trusted-proxy to tell "
      "clients apart");
  AddOption(app, "--rate-burst", options->rate_burst,
            "Requests a client may make at once before --rate-limit holds it back (0: twice "
            "the rate, at least 10)");

  AddOption(app, "--analytics", options->analytics,
            "Search analytics for the site's owner (GET /admin/analytics, the /admin/ page): "
            "queries, zero-result queries and result clicks per day, no address or other "
            "identifier (docs/privacy.md): on or off")
      ->check(CLI::IsMember({"on", "off"}));
  AddOption(app, "--analytics-days", options->analytics_days,
            "Days of search analytics kept (1-366); older days are dropped");
  AddOption(app, "--state-dir", options->state_dir,
            "Directory for byline-searchd's own state (analytics.json), made if missing; never "
            "the index. Without it analytics are kept in memory only and lost at a restart");
  AddOption(app, "--analytics-save-seconds", options->analytics_save_seconds,
            "How often, at most, changed analytics are written to --state-dir (1-3600; also at "
            "a clean stop): a crash loses at most this much");

  AddOption(app, "--page-title", options->page_title,
            "The search page's title (the browser tab, bookmarks)");
  AddOption(app, "--logo-text", options->logo_text, "The name at the top left of the search page");
  AddOption(app, "--placeholder", options->placeholder,
            "The hint in the empty search box, on the page and in the widget");
  AddOption(app, "--accent-color", options->accent_color,
            "Colour of the page's links and button and the widget's titles, as #rgb or #rrggbb "
            "(default a blue, #1a56b8)");

  std::vector<std::string> args = WithEnvironment(app, argc, argv);
  std::vector<char*> arg_ptrs;
  arg_ptrs.reserve(args.size());
  for (auto& arg : args) arg_ptrs.push_back(arg.data());
  if (auto exit_code =
          cli::ParseCommandLine(&app, static_cast<int>(arg_ptrs.size()), arg_ptrs.data())) {
    return exit_code;
  }
  // Every error below is a usage error: a bad value or a missing one.
  if (options->index_dir.empty()) {
    return cli::UsageError(app, "--index is required (or BYLINE_INDEX, or index in --config)");
  }
  if (!ParseListen(listen, options)) {
    return cli::UsageError(app, "--listen: expected HOST:PORT, got \"" + listen + "\"");
  }
  if (!(time_limit_ms >= 0) || !(reopen_interval_ms >= 0)) {  // also refuses NaN
    return cli::UsageError(app, "--time-limit-ms and --reopen-interval-ms may not be negative");
  }
  for (auto [flag, ms] : {std::pair{"--remote-timeout-ms", remote_timeout_ms},
                          std::pair{"--remote-connect-timeout-ms", remote_connect_timeout_ms}}) {
    if (!(ms >= 1 && ms <= 3600000)) {  // also refuses NaN
      return cli::UsageError(app, std::string(flag) + " must be between 1 and 3600000");
    }
  }
  options->search.time_limit_seconds = time_limit_ms / 1000.0;
  options->search.reopen_interval_seconds = reopen_interval_ms / 1000.0;
  options->search.remote_timeout_seconds = remote_timeout_ms / 1000.0;
  options->search.remote_connect_timeout_seconds = remote_connect_timeout_ms / 1000.0;
  if (Status s = options->Validate(); !s.ok()) return cli::UsageError(app, s.message());
  return std::nullopt;
}

}  // namespace byline::searchd
