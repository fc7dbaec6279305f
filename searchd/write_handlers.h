// The write routes of byline-searchd (admin token required, as for every
// /admin/ route; see docs/api.md):
//
//   PUT    /admin/articles/{id}   one article (a JSON object)
//   POST   /admin/articles        a batch: JSON Lines or a JSON array
//   DELETE /admin/articles/{id}   one article
//   POST   /admin/delete          the articles a query matches (dry_run, force)
//
// Articles are read with byline-indexer's readers, field map (--map) and
// validation (article_batch.h), and written through the WriteQueue, which
// answers once the change is committed and visible to searches.
#ifndef BYLINE_SEARCHD_WRITE_HANDLERS_H_
#define BYLINE_SEARCHD_WRITE_HANDLERS_H_

#include <httplib.h>

#include <string>

#include "request_deadline.h"
#include "server_options.h"
#include "write_queue.h"

namespace byline::searchd {

// What the write handlers use; outlives the server.
struct WriteContext {
  const ServerOptions& options;
  WriteQueue& queue;
  // When set, told that a write's body was read: from then on the write
  // (waiting for the lock, indexing a large batch) is not cut off by
  // --request-timeout, which bounds only how long a request takes to arrive.
  RequestDeadlines* deadlines = nullptr;
};

// True for the paths whose bodies may be up to --max-write-bytes.
bool IsWritePath(const std::string& path);

// Adds the four routes, answering 405 with Allow for other methods.
// REQUIRES: ctx outlives server.
void RegisterWriteRoutes(httplib::Server& server, WriteContext& ctx);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_WRITE_HANDLERS_H_
