// Decodes a request's query string the way HTML forms encode it.
//
// Stays because cpp-httplib 0.11.4's req.params keeps only what follows the
// last '=' of a pair (q=E=mc2 reads "mc2"); '+', %XX and repeats it decodes
// right (SearchdSearchTest.QueryStringDecoding).
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

// A boolean parameter's value: "true" or "1", "false" or "0". False when
// `text` is none of them (*out unchanged).
bool ParseBoolValue(const std::string& text, bool* out);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_QUERY_STRING_H_
