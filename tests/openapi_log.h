// The record of searchd's JSON answers that tests/validate_openapi_log.py
// checks against docs/openapi.yaml: with BYLINE_OPENAPI_LOG=FILE set (ctest
// sets it for the integration tests), each answer a test gets is appended to
// FILE as one JSON line {method, path, status, content_type, body}.
#ifndef BYLINE_TESTS_OPENAPI_LOG_H_
#define BYLINE_TESTS_OPENAPI_LOG_H_

#include <string>

namespace byline::testing {

// Records one answer when the log is on and it is a non-empty JSON body.
void LogJsonAnswer(const std::string& method, const std::string& path, int status,
                   const std::string& content_type, const std::string& body);

// Records the JSON answers in the bytes a raw connection received, each
// with the request it answered: the requests are read from the bytes sent,
// in order. An answer whose request cannot be told (bytes that are no
// request, or fewer requests read than answers) is recorded with method and
// path "?": the description must allow it for any request.
void LogRawExchange(const std::string& sent, const std::string& received);

}  // namespace byline::testing

#endif  // BYLINE_TESTS_OPENAPI_LOG_H_
