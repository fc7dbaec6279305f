// Translates Xapian exceptions into Status, in the function that called Xapian.
#ifndef BYLINE_SRC_XAPIAN_STATUS_H_
#define BYLINE_SRC_XAPIAN_STATUS_H_

#include <xapian.h>

#include <string>

#include "byline/status.h"

namespace byline {

// QueryParserError -> kInvalidQuery, DatabaseNotFoundError/DocNotFoundError ->
// kNotFound, DatabaseLockError -> kBusy, DatabaseCorruptError -> kCorruption,
// NetworkError -> kUnavailable, other database errors -> kIOError, else kInternal.
Status StatusFromXapian(const Xapian::Error& e, const std::string& context);

}  // namespace byline

#endif  // BYLINE_SRC_XAPIAN_STATUS_H_
