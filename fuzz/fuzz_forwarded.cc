// Fuzz target: X-Forwarded-For and Forwarded header values, and address
// ranges, as searchd reads them behind --trusted-proxy. The first line is
// parsed as a --trusted-proxy range, the rest are header lines. Any input
// must give a client that is the peer or a numeric address, never a crash
// or a hang.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "client_address.h"

using byline::searchd::Cidr;
using byline::searchd::IpAddress;
using byline::searchd::ProxyHeader;
using byline::searchd::TrustedProxies;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    lines.push_back(input.substr(start, end - start));
    start = end + 1;
  }
  auto range = Cidr::Parse(lines[0]);
  if (range.ok() && !range->Contains(range->base)) std::abort();  // a range holds its base
  std::vector<Cidr> ranges = {*Cidr::Parse("127.0.0.0/8"), *Cidr::Parse("fd00::/8")};
  if (range.ok()) ranges.push_back(*range);
  const std::vector<std::string> values(lines.begin() + 1, lines.end());
  const std::string peer = "127.0.0.1";
  for (ProxyHeader header : {ProxyHeader::kXForwardedFor, ProxyHeader::kForwarded}) {
    const std::string client = TrustedProxies(ranges, header).ClientOf(peer, values);
    if (client != peer && !IpAddress::Parse(client)) std::abort();
    // From a peer that is not trusted the headers are never believed.
    if (TrustedProxies(ranges, header).ClientOf("192.0.2.1", values) != "192.0.2.1" &&
        !(range.ok() && range->Contains(*IpAddress::Parse("192.0.2.1")))) {
      std::abort();
    }
  }
  return 0;
}
