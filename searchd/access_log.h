// AccessLog: one line per answered request, as JSON or in the Common Log
// Format, to stderr or appended to a file.
//
// Thread safety: Write() may be called from any thread; lines never mix.
#ifndef BYLINE_SEARCHD_ACCESS_LOG_H_
#define BYLINE_SEARCHD_ACCESS_LOG_H_

#include <httplib.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "byline/status.h"

namespace byline::searchd {

class AccessLog {
 public:
  enum class Format { kJson, kCommon };

  // `destination` is "-" for stderr or a file path (appended to).
  static Result<std::unique_ptr<AccessLog>> Open(const std::string& destination, Format format);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // `seconds` < 0 when the time is unknown (the request did not parse).
  // `client` is the client's address when a trusted proxy told it (see
  // client_address.h); "" or the peer itself logs the TCP peer. A client
  // that is not the peer is logged as the remote, the peer beside it.
  void Write(const httplib::Request& req, const httplib::Response& res, const std::string& route,
             double seconds, const std::string& client = "");

  // The line Write() would log (no trailing newline). `now` is Unix time.
  static std::string FormatLine(Format format, const httplib::Request& req,
                                const httplib::Response& res, const std::string& route,
                                double seconds, int64_t now, const std::string& client = "");

 private:
  AccessLog(std::FILE* file, bool owned, Format format)
      : file_(file), owned_(owned), format_(format) {}

  std::FILE* const file_;
  const bool owned_;
  const Format format_;
  std::mutex mutex_;  // one line at a time
};

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_ACCESS_LOG_H_
