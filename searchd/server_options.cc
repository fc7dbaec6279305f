#include "server_options.h"

namespace byline::searchd {

Status ServerOptions::Validate() const {
  if (index_dir.empty()) return Status::InvalidArgument("--index is required");
  if (port < 0 || port > 65535) return Status::InvalidArgument("port must be from 0 to 65535");
  if (threads < 1 || threads > 1024) return Status::InvalidArgument("--threads must be from 1 to 1024");
  if (max_per_page < 1) return Status::InvalidArgument("--max-per-page must be at least 1");
  if (default_per_page < 1 || default_per_page > max_per_page) {
    return Status::InvalidArgument("default per_page must be from 1 to --max-per-page");
  }
  if (max_depth < max_per_page) return Status::InvalidArgument("--max-depth must be at least --max-per-page");
  return search.Validate();
}

}  // namespace byline::searchd
