// ServerOptions: everything byline-searchd can be told, with its default.
// Filled by server_config.cc from flags, a config file and BYLINE_* variables.
#ifndef BYLINE_SEARCHD_SERVER_OPTIONS_H_
#define BYLINE_SEARCHD_SERVER_OPTIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "byline/auto_compact.h"
#include "byline/delete_guard.h"
#include "byline/ingest.h"
#include "byline/options.h"
#include "byline/status.h"
#include "client_address.h"

namespace byline::searchd {

struct ServerOptions {
  std::string index_dir;
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 picks a free port (printed on start)
  // Worker threads. cpp-httplib 0.11.4 gives each open connection a worker
  // for its whole life, so this bounds the clients served at once; idle ones
  // are cheap (a blocked thread), so the default leaves room for a flood of
  // idle or slow connections (see docs/security.md).
  size_t threads = 64;
  // Searches (and suggestions, article fetches) run at once; the rest wait
  // their turn for up to queue_timeout_seconds, then get 503. 0 picks
  // 1.5 x the cores + 1 (see searcher_pool.h for why).
  size_t max_searches = 0;
  int queue_timeout_seconds = 10;
  size_t max_query_bytes = 2048;  // longer q is refused with 400
  size_t max_per_page = 100;
  size_t max_depth = 1000;  // page * per_page may not go past this
  size_t default_per_page = 10;
  size_t max_snippet_chars = 1000;
  size_t max_request_bytes = size_t{64} * 1024;  // request body; more gets 413
  size_t max_header_bytes = size_t{8} * 1024;    // all header lines together; more gets 431
  int read_timeout_seconds = 5;                  // slow clients are cut off
  // Whole-request deadline: a request line, headers and body must all have
  // arrived within this, however steadily they trickle (slowloris).
  int request_timeout_seconds = 10;  // 0: no whole-request deadline
  int write_timeout_seconds = 5;
  size_t keep_alive_max_count = 1000;
  // An idle kept-alive connection is closed after this, giving its worker
  // back. Short: a search box's next keystroke comes well within 2 s, and
  // an idle connection costs a worker the whole time.
  int keep_alive_timeout_seconds = 2;

  // Browser origins ("https://news.example") allowed to call from other
  // sites; "*" allows any. Empty: no CORS headers at all.
  std::vector<std::string> cors_origins;
  // When set, /search, /suggest and /articles/ need it (Authorization:
  // Bearer KEY, or X-API-Key: KEY).
  std::string api_key;
  // /admin/* needs it; with none set, admin routes refuse every request.
  std::string admin_token;

  // HTTPS when both are set: PEM certificate (chain) and private key files.
  std::string tls_cert;
  std::string tls_key;

  // Writes over HTTP (/admin/articles, /admin/delete; see write_queue.h).
  size_t max_write_bytes = size_t{64} * 1024 * 1024;  // a write's body; more gets 413
  // How long a write waits for another writer (byline-indexer) to release
  // the index before it gets 409 index_busy.
  double write_wait_seconds = 10;
  // "canonical=source" field mappings of written articles, as byline-indexer's --map.
  std::vector<std::string> field_map;
  // Most articles one POST /admin/delete may delete without force=true, as
  // byline-indexer's --max-delete: a count (500) or a share (10%).
  std::string max_delete = "10%";
  // Compaction after a commit of writes (byline/auto_compact.h): "on" or
  // "off", the share written since the last compaction, the fewest writes,
  // the size against a compacted index.
  std::string auto_compact = "on";
  double auto_compact_threshold = kDefaultAutoCompactThreshold;
  uint64_t auto_compact_min_writes = kDefaultAutoCompactMinWrites;
  double auto_compact_max_size = kDefaultAutoCompactMaxSizeRatio;
  // How written articles' bodies are read when a record has no
  // "body_format": auto, text, html or markdown (as byline-indexer's).
  std::string body_format = "auto";
  // field_map, body_format and max_delete as read by Validate().
  FieldMap parsed_field_map;
  BodyFormat parsed_body_format = BodyFormat::kAuto;
  DeleteLimit delete_limit;
  AutoCompactPolicy auto_compact_policy;  // from auto_compact*, by Validate()
  // Make an empty index at index_dir when there is none, for an index
  // filled over HTTP (without it, a missing index is an error at start).
  bool create_index = false;

  std::string access_log;                  // "" off, "-" stderr, else a file appended to
  std::string access_log_format = "json";  // "json" or "common"

  // Proxies in front ("10.0.0.0/8", "::1", a bare address is one host): from
  // a peer inside one, the client address is read from
  // proxy_header, "x-forwarded-for" or "forwarded" (RFC 7239), for the access
  // log and --rate-limit. See
  // client_address.h.
  std::vector<std::string> trusted_proxies;
  std::string proxy_header = "x-forwarded-for";
  TrustedProxies parsed_trusted_proxies;  // filled by Validate()
  // Requests per second per client address on the search routes (a token
  // bucket of rate_burst); more get 429. 0: no limit.
  double rate_limit = 0;
  double rate_burst = 0;  // 0: twice rate_limit, at least 10

  // The search page as the site's own: its <title>, the name at its top
  // left, the search box's placeholder, and the colour of its links and
  // button (#rgb or #rrggbb; "" keeps the built-in blue). The widget takes
  // the placeholder and colour too.
  std::string page_title = "Byline search";
  std::string logo_text = "Byline";
  std::string placeholder = "Search articles";
  std::string accent_color;

  // Search analytics (searchd/analytics/, docs/privacy.md): "on" or "off";
  // days kept; where their state file goes ("" keeps them in memory only,
  // lost at a restart); how often, at most, changes are written there.
  std::string analytics = "on";
  int analytics_days = 30;
  std::string state_dir;
  int analytics_save_seconds = 60;

  SearchOptions search;

  // Checks the options, and fills parsed_field_map and delete_limit.
  Status Validate();
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SERVER_OPTIONS_H_
