#include "xapian_status.h"

#include <cstring>

namespace byline {

Status StatusFromXapian(const Xapian::Error& e, const std::string& context) {
  std::string message =
      context.empty() ? e.get_description() : context + ": " + e.get_description();
  // Xapian::Error is not polymorphic in the C++ sense; get_type() names the class.
  const char* type = e.get_type();
  auto is = [type](const char* name) { return std::strcmp(type, name) == 0; };
  if (is("QueryParserError")) return Status::InvalidQuery(message);
  if (is("DatabaseNotFoundError") || is("DocNotFoundError") || is("DatabaseOpeningError")) {
    return Status::NotFound(message);
  }
  if (is("DatabaseLockError")) return Status::Busy(message);
  if (is("DatabaseCorruptError")) return Status::Corruption(message);
  if (is("NetworkError") || is("NetworkTimeoutError")) return Status::Unavailable(message);
  if (is("DatabaseError") || is("DatabaseModifiedError") || is("DatabaseCreateError") ||
      is("DatabaseClosedError") || is("DatabaseVersionError")) {
    return Status::IOError(message);
  }
  return Status::Internal(message);
}

}  // namespace byline
