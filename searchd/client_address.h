// The address of the client behind a request. Without trusted proxies it is
// the TCP peer. With --trusted-proxy, a request whose peer is inside one of
// the trusted ranges is taken to come through that proxy, and the client is
// read from the header the proxy writes (X-Forwarded-For, or RFC 7239
// Forwarded with --proxy-header forwarded), walking the list of hops from
// the right and skipping trusted proxies: the right-most address no trusted
// proxy would have written is the client. Anything a client sends to a
// proxy lands to the left of what the proxy appends, so it cannot pose as
// another address. From an untrusted peer the headers are never read.
#ifndef BYLINE_SEARCHD_CLIENT_ADDRESS_H_
#define BYLINE_SEARCHD_CLIENT_ADDRESS_H_

#include <httplib.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "byline/status.h"

namespace byline::searchd {

// An IPv4 or IPv6 address (IPv4-mapped IPv6, ::ffff:a.b.c.d, is IPv4).
struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4

  // Parses a numeric address ("10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1");
  // nullopt for anything else (names, ports, brackets, zones).
  static std::optional<IpAddress> Parse(const std::string& text);
  std::string ToString() const;
};

// Whose requests --rate-limit counts together: an IPv4 address, or an IPv6
// address's /64 ("2001:db8:1:2::/64": one host or home is given a whole
// /64, so counting /128s would give it endless fresh buckets). Text that is
// not an address is its own key.
std::string RateLimitKey(const std::string& client);

// An address range: "10.0.0.0/8", "2001:db8::/32"; a bare address is /32 or
// /128.
struct Cidr {
  IpAddress base;  // with the bits past the prefix cleared
  int prefix_bits = 0;

  // InvalidArgument naming `text` when it is not a range.
  static Result<Cidr> Parse(const std::string& text);
  bool Contains(const IpAddress& address) const;
};

// Which header the trusted proxies write.
enum class ProxyHeader { kXForwardedFor, kForwarded };

class TrustedProxies {
 public:
  TrustedProxies() = default;
  TrustedProxies(std::vector<Cidr> ranges, ProxyHeader header)
      : ranges_(std::move(ranges)), header_(header) {}

  bool empty() const { return ranges_.empty(); }
  bool Contains(const IpAddress& address) const;

  // The client of a request from `peer` carrying `header_values` (every line
  // of the chosen header, in order). `peer` when it is not trusted, when the
  // header is absent, or when a hop that decides is not an address
  // ("unknown", an obfuscated name, junk).
  std::string ClientOf(const std::string& peer,
                       const std::vector<std::string>& header_values) const;

  // ClientOf for an httplib request (its remote_addr and headers).
  std::string ClientOf(const httplib::Request& req) const;

 private:
  std::vector<Cidr> ranges_;
  ProxyHeader header_ = ProxyHeader::kXForwardedFor;
};

// The hops of X-Forwarded-For lines ("a, b", comma-separated), left to right,
// each trimmed; an empty element stays (as "") so a damaged list is noticed.
std::vector<std::string> XForwardedForHops(const std::vector<std::string>& values);

// The for= nodes of Forwarded lines (RFC 7239: elements separated by ',',
// pairs by ';', values a token or a quoted string), left to right, unquoted
// and with brackets and ports taken off ("[2001:db8::1]:4711" ->
// "2001:db8::1"). An element without for= gives "" (it cannot be placed).
std::vector<std::string> ForwardedForHops(const std::vector<std::string>& values);

}  // namespace byline::searchd

#endif  // BYLINE_SEARCHD_CLIENT_ADDRESS_H_
