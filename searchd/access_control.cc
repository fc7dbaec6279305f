#include "access_control.h"

#include <algorithm>
#include <cctype>

namespace byline::searchd {
namespace {

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

bool IsSearchRoute(const std::string& path) {
  return path == "/search" || path == "/suggest" || path == "/fields" ||
         StartsWith(path, "/articles/");
}

bool IsRateLimitedRoute(const std::string& path) {
  return IsSearchRoute(path) || path == "/events/click";
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  // Walk the longer of the two so the time does not reveal a prefix match.
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  // volatile keeps the compiler from turning the loop into an early exit.
  volatile unsigned char result = diff;
  return result == 0;
}

std::string PresentedCredential(const httplib::Request& req) {
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.size() > 7) {
    std::string scheme = authorization.substr(0, 7);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme == "bearer ") {
      std::string token = authorization.substr(7);
      token.erase(0, token.find_first_not_of(' '));
      return token;
    }
  }
  return req.get_header_value("X-API-Key");
}

Access CheckAccess(const httplib::Request& req, const ServerOptions& options) {
  const bool admin =
      (StartsWith(req.path, "/admin/") && req.path != kAdminPagePath) || req.path == "/admin";
  if (admin && options.admin_token.empty()) return Access::kAdminDisabled;
  if (!admin && (options.api_key.empty() || !IsSearchRoute(req.path))) return Access::kAllowed;

  const std::string presented = PresentedCredential(req);
  if (presented.empty()) return Access::kMissingCredential;
  // Both compared every time, so the answer's timing says nothing either.
  bool is_admin =
      !options.admin_token.empty() && ConstantTimeEquals(presented, options.admin_token);
  bool is_key = !options.api_key.empty() && ConstantTimeEquals(presented, options.api_key);
  if (admin) return is_admin ? Access::kAllowed : Access::kWrongCredential;
  return is_key || is_admin ? Access::kAllowed : Access::kWrongCredential;
}

bool IsAllowedOrigin(const std::string& origin, const ServerOptions& options) {
  if (origin.empty()) return false;
  for (const auto& allowed : options.cors_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

}  // namespace byline::searchd
