// ServerOptions: everything byline-searchd can be told, with its default.
#ifndef BYLINE_SEARCHD_SERVER_OPTIONS_H_
#define BYLINE_SEARCHD_SERVER_OPTIONS_H_

#include <cstddef>
#include <string>

#include "byline/options.h"
#include "byline/status.h"

namespace byline::searchd {

struct ServerOptions {
  std::string index_dir;
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 picks a free port (printed on start)
  size_t threads = 8;              // worker threads answering requests
  size_t max_query_bytes = 2048;   // longer q is refused with 400
  size_t max_per_page = 100;
  size_t max_depth = 1000;         // page * per_page may not go past this
  size_t default_per_page = 10;
  size_t max_snippet_chars = 1000;
  size_t max_request_bytes = 64 * 1024;
  int read_timeout_seconds = 5;    // slow clients are cut off
  size_t keep_alive_max_count = 1000;
  SearchOptions search;

  Status Validate() const;
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_SERVER_OPTIONS_H_
