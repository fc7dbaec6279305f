#include "internal_error.h"

#include <xapian.h>

#include <cstdio>

#include "http_errors.h"

namespace byline::searchd {

std::string DescribeException(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (const Xapian::Error& e) {
    return e.get_description();
  } catch (...) {
  }
  return "unknown exception";
}

void HandleUncaughtException(const httplib::Request& req, httplib::Response& res,
                             const std::exception_ptr& error) {
  std::fprintf(stderr, "byline-searchd: internal error on %s %s: %s\n", req.method.c_str(),
               req.path.c_str(), DescribeException(error).c_str());
  SetError(res, 500, "internal", "internal error");
}

}  // namespace byline::searchd
