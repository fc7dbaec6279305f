// searchd's last resort: an exception no handler caught still gets a JSON
// 500, and the log says what it was.
#ifndef BYLINE_SEARCHD_INTERNAL_ERROR_H_
#define BYLINE_SEARCHD_INTERNAL_ERROR_H_

#include <httplib.h>

#include <exception>
#include <string>

namespace byline::searchd {

// What `error` was: a std::exception's what(), a Xapian::Error's
// get_description() (Xapian's errors do not derive from std::exception),
// else "unknown exception".
std::string DescribeException(const std::exception_ptr& error);

// For httplib::Server::set_exception_handler: logs "byline-searchd: internal
// error on METHOD PATH: DESCRIPTION" on stderr and answers 500
// {"error":{"code":"internal",...}}, telling the client nothing more.
void HandleUncaughtException(const httplib::Request& req, httplib::Response& res,
                             const std::exception_ptr& error);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_INTERNAL_ERROR_H_
