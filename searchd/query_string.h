// Decodes a request's query string the way HTML forms encode it.
//
// cpp-httplib 0.11.4 leaves '+' as '+' in query parameters, but browsers
// submit a form's "a b" as "a+b". This reads the raw target instead.
#ifndef BYLINE_SEARCHD_QUERY_STRING_H_
#define BYLINE_SEARCHD_QUERY_STRING_H_

#include <httplib.h>

#include <string>

namespace byline::searchd {

// Parameters of `target` ("/path?a=1&b=x+y"), '+' and %XX decoded. A
// parameter may repeat (tag=a&tag=b).
httplib::Params DecodeQueryString(const std::string& target);

// The first value of `name`, or "" when absent.
std::string ParamValue(const httplib::Params& params, const std::string& name);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_QUERY_STRING_H_
