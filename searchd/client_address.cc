#include "client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace byline::searchd {
namespace {

constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

bool EqualsIgnoringCase(const std::string& a, const char* b) {
  size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// The address of one hop: a node ("1.2.3.4", "1.2.3.4:80", "[2001:db8::1]",
// "[2001:db8::1]:443", or a bare IPv6 address some proxies write) without
// its brackets and port. Anything else is returned as it is (and will not
// parse as an address).
std::string NodeAddress(const std::string& node) {
  if (!node.empty() && node.front() == '[') {
    size_t close = node.find(']');
    if (close == std::string::npos) return node;
    const std::string rest = node.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return node;
    return node.substr(1, close - 1);
  }
  size_t colon = node.find(':');
  if (colon != std::string::npos && node.find(':', colon + 1) == std::string::npos) {
    return node.substr(0, colon);  // IPv4:port
  }
  return node;
}

// Splits `text` on `separator` outside quoted strings (with \-escapes).
std::vector<std::string> SplitOutsideQuotes(const std::string& text, char separator) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted && c == '\\' && i + 1 < text.size()) {
      parts.back() += c;
      parts.back() += text[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == separator && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (quoted) {
    // A quote that never closes quoted nothing: split at every separator,
    // so that a client's stray '"' cannot swallow the entry a proxy
    // appended after it.
    parts.assign(1, "");
    for (char c : text) {
      if (c == separator) {
        parts.emplace_back();
      } else {
        parts.back() += c;
      }
    }
  }
  return parts;
}

// A Forwarded value: a token, or a quoted string with its escapes undone.
// "" for a quoted string that does not end.
std::string Unquoted(const std::string& value) {
  if (value.empty() || value.front() != '"') return value;
  std::string out;
  for (size_t i = 1; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\\' && i + 1 < value.size()) {
      out += value[++i];
    } else if (c == '"') {
      return i + 1 == value.size() ? out : "";
    } else {
      out += c;
    }
  }
  return "";
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(const std::string& text) {
  IpAddress address;
  if (text.find('\0') != std::string::npos) return std::nullopt;  // inet_pton stops at a NUL
  if (text.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) != 1) return std::nullopt;
    return address;
  }
  if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) != 1) return std::nullopt;
  if (std::memcmp(address.bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::memset(address.bytes.data() + 4, 0, 12);
    return address;
  }
  address.v6 = true;
  return address;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf) == nullptr) return "";
  return buf;
}

Result<Cidr> Cidr::Parse(const std::string& text) {
  auto bad = [&text](const std::string& why) {
    return Status::InvalidArgument("\"" + text + "\" is not an address range (" + why +
                                   "); expected 10.0.0.0/8, 2001:db8::/32 or one address");
  };
  const size_t slash = text.find('/');
  const std::string address_text = text.substr(0, slash);
  auto address = IpAddress::Parse(address_text);
  if (!address) return bad("not a numeric IPv4 or IPv6 address");
  const int max_bits = address->v6 ? 128 : 32;
  int bits = max_bits;
  if (slash != std::string::npos) {
    const std::string bits_text = text.substr(slash + 1);
    if (bits_text.empty() || bits_text.size() > 3 ||
        bits_text.find_first_not_of("0123456789") != std::string::npos) {
      return bad("the prefix length is not a number");
    }
    bits = std::stoi(bits_text);  // at most 3 digits: cannot throw
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8.
    if (!address->v6 && address_text.find(':') != std::string::npos) bits -= 96;
    if (bits < 0 || bits > max_bits) {
      return bad("the prefix length must be from 0 to " + std::to_string(max_bits));
    }
  }
  Cidr cidr;
  cidr.base = *address;
  cidr.prefix_bits = bits;
  for (int i = 0; i < 16; ++i) {
    const int kept = std::min(8, std::max(0, bits - 8 * i));
    cidr.base.bytes[i] &= static_cast<uint8_t>(kept == 0 ? 0 : 0xff << (8 - kept));
  }
  return cidr;
}

std::string RateLimitKey(const std::string& client) {
  auto address = IpAddress::Parse(client);
  if (!address || !address->v6) return client;
  for (size_t i = 8; i < address->bytes.size(); ++i) address->bytes[i] = 0;
  return address->ToString() + "/64";
}

bool Cidr::Contains(const IpAddress& address) const {
  if (address.v6 != base.v6) return false;
  for (int i = 0; i < 16; ++i) {
    const int kept = std::min(8, std::max(0, prefix_bits - 8 * i));
    const uint8_t mask = static_cast<uint8_t>(kept == 0 ? 0 : 0xff << (8 - kept));
    if ((address.bytes[i] & mask) != base.bytes[i]) return false;
  }
  return true;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  for (const Cidr& range : ranges_) {
    if (range.Contains(address)) return true;
  }
  return false;
}

std::vector<std::string> XForwardedForHops(const std::vector<std::string>& values) {
  std::vector<std::string> hops;
  for (const std::string& value : values) {
    for (const std::string& part : SplitOutsideQuotes(value, ',')) {
      hops.push_back(NodeAddress(Unquoted(Trimmed(part))));
    }
  }
  return hops;
}

std::vector<std::string> ForwardedForHops(const std::vector<std::string>& values) {
  std::vector<std::string> hops;
  for (const std::string& value : values) {
    for (const std::string& element : SplitOutsideQuotes(value, ',')) {
      std::string node;
      for (const std::string& pair : SplitOutsideQuotes(element, ';')) {
        const std::string trimmed = Trimmed(pair);
        const size_t equals = trimmed.find('=');
        if (equals == std::string::npos) continue;
        if (EqualsIgnoringCase(Trimmed(trimmed.substr(0, equals)), "for")) {
          node = NodeAddress(Unquoted(Trimmed(trimmed.substr(equals + 1))));
        }
      }
      hops.push_back(node);
    }
  }
  return hops;
}

std::string TrustedProxies::ClientOf(const std::string& peer,
                                     const std::vector<std::string>& header_values) const {
  if (ranges_.empty() || header_values.empty()) return peer;
  auto peer_address = IpAddress::Parse(peer);
  if (!peer_address || !Contains(*peer_address)) return peer;
  const std::vector<std::string> hops = header_ == ProxyHeader::kForwarded
                                            ? ForwardedForHops(header_values)
                                            : XForwardedForHops(header_values);
  std::string farthest_proxy;
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    auto address = IpAddress::Parse(*hop);
    if (!address) return peer;  // "unknown", obfuscated, junk: nothing to go on
    if (!Contains(*address)) return address->ToString();
    farthest_proxy = address->ToString();
  }
  // Every hop is a trusted proxy: the farthest one is as near the client as
  // can be told.
  return farthest_proxy.empty() ? peer : farthest_proxy;
}

std::string TrustedProxies::ClientOf(const httplib::Request& req) const {
  if (ranges_.empty()) return req.remote_addr;
  const char* name = header_ == ProxyHeader::kForwarded ? "Forwarded" : "X-Forwarded-For";
  std::vector<std::string> values;
  const size_t count = req.get_header_value_count(name);
  for (size_t i = 0; i < count; ++i) values.push_back(req.get_header_value(name, i));
  return ClientOf(req.remote_addr, values);
}

}  // namespace byline::searchd
