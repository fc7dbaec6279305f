// Unit tests of searchd/client_address: address ranges, and the client read
// from X-Forwarded-For / Forwarded behind trusted proxies, spoofing included.
#include "client_address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace byline::searchd {
namespace {

TrustedProxies Proxies(const std::vector<std::string>& ranges,
                       ProxyHeader header = ProxyHeader::kXForwardedFor) {
  std::vector<Cidr> parsed;
  for (const auto& range : ranges) {
    auto cidr = Cidr::Parse(range);
    EXPECT_TRUE(cidr.ok()) << range;
    if (cidr.ok()) parsed.push_back(*cidr);
  }
  return TrustedProxies(parsed, header);
}

bool InRange(const std::string& range, const std::string& address) {
  auto cidr = Cidr::Parse(range);
  auto ip = IpAddress::Parse(address);
  EXPECT_TRUE(cidr.ok()) << range;
  EXPECT_TRUE(ip.has_value()) << address;
  return cidr.ok() && ip && cidr->Contains(*ip);
}

TEST(CidrTest, MatchesIpv4RangesBitByBit) {
  EXPECT_TRUE(InRange("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(InRange("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(InRange("192.168.4.0/22", "192.168.7.255"));
  EXPECT_FALSE(InRange("192.168.4.0/22", "192.168.8.0"));
  EXPECT_FALSE(InRange("192.168.4.0/22", "192.168.3.255"));
  EXPECT_TRUE(InRange("172.16.0.0/12", "172.31.0.1"));
  EXPECT_FALSE(InRange("172.16.0.0/12", "172.32.0.1"));
  // Host bits set in the base are ignored, as every router does.
  EXPECT_TRUE(InRange("10.1.2.3/8", "10.9.9.9"));
  EXPECT_TRUE(InRange("0.0.0.0/0", "203.0.113.9"));
}

TEST(CidrTest, BareAddressIsOneHost) {
  EXPECT_TRUE(InRange("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(InRange("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(InRange("::1", "::1"));
  EXPECT_FALSE(InRange("::1", "::2"));
}

TEST(CidrTest, MatchesIpv6RangesAndKeepsFamiliesApart) {
  EXPECT_TRUE(InRange("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(InRange("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(InRange("fd00::/8", "fdab:cd::1"));
  EXPECT_TRUE(InRange("2001:db8::/127", "2001:db8::1"));
  EXPECT_FALSE(InRange("2001:db8::/127", "2001:db8::2"));
  EXPECT_FALSE(InRange("::/0", "10.0.0.1"));
  EXPECT_FALSE(InRange("0.0.0.0/0", "::1"));
}

TEST(CidrTest, Ipv4MappedIpv6IsIpv4) {
  EXPECT_TRUE(InRange("127.0.0.0/8", "::ffff:127.0.0.1"));
  EXPECT_TRUE(InRange("::ffff:10.0.0.0/104", "10.3.4.5"));
  EXPECT_FALSE(InRange("::ffff:10.0.0.0/104", "11.3.4.5"));
  EXPECT_EQ(IpAddress::Parse("::ffff:192.0.2.7")->ToString(), "192.0.2.7");
}

TEST(CidrTest, BadRangesAreRefusedNamingThem) {
  for (const std::string bad :
       {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.0/-1", "10.0.0/8",
        "localhost", "10.0.0.1:80", "[::1]", "fe80::1%eth0", "1.2.3.4/8/8", "10.0.0.0 /8"}) {
    auto cidr = Cidr::Parse(bad);
    ASSERT_FALSE(cidr.ok()) << bad;
    EXPECT_NE(cidr.status().message().find("\"" + bad + "\""), std::string::npos)
        << cidr.status().message();
  }
}

TEST(ForwardedHeadersTest, XForwardedForHopsAreSplitAndStripped) {
  EXPECT_EQ(XForwardedForHops({"203.0.113.7, 10.0.0.2", "10.0.0.3"}),
            (std::vector<std::string>{"203.0.113.7", "10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(XForwardedForHops({"[2001:db8::7]:4711,192.0.2.1:80, 2001:db8::8"}),
            (std::vector<std::string>{"2001:db8::7", "192.0.2.1", "2001:db8::8"}));
}

TEST(ForwardedHeadersTest, ForwardedForNodesFollowRfc7239) {
  EXPECT_EQ(ForwardedForHops({"for=192.0.2.60;proto=http;by=203.0.113.43",
                              "For=\"[2001:db8:cafe::17]:4711\", for=198.51.100.17:80"}),
            (std::vector<std::string>{"192.0.2.60", "2001:db8:cafe::17", "198.51.100.17"}));
  // A quoted ',' or ';' does not split; an element with no for= keeps its place.
  EXPECT_EQ(ForwardedForHops({"by=\"a,b;c\";for=192.0.2.1, proto=https, for=unknown"}),
            (std::vector<std::string>{"192.0.2.1", "", "unknown"}));
}

TEST(TrustedProxiesTest, UntrustedPeerIsTheClientWhateverItSends) {
  TrustedProxies proxies = Proxies({"10.0.0.0/8"});
  EXPECT_EQ(proxies.ClientOf("203.0.113.9", {"198.51.100.1"}), "203.0.113.9");
  EXPECT_EQ(TrustedProxies().ClientOf("10.0.0.1", {"198.51.100.1"}), "10.0.0.1");
}

TEST(TrustedProxiesTest, TrustedPeerGivesTheRightMostUntrustedHop) {
  TrustedProxies proxies = Proxies({"10.0.0.0/8", "2001:db8:1::/48"});
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"198.51.100.1"}), "198.51.100.1");
  // Two proxies of ours: both skipped.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"198.51.100.1, 10.0.0.5"}), "198.51.100.1");
  EXPECT_EQ(proxies.ClientOf("2001:db8:1::5", {"2001:db8:2::9, 2001:db8:1::6"}), "2001:db8:2::9");
  // No header, or an empty one: the peer.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {}), "10.0.0.1");
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {""}), "10.0.0.1");
  // Every hop ours: the farthest.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"10.0.0.9, 10.0.0.5"}), "10.0.0.9");
  // Spelled another way, logged in the usual spelling.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"::ffff:198.51.100.1"}), "198.51.100.1");
}

TEST(TrustedProxiesTest, WhatAClientWritesItselfCannotPoseAsItsAddress) {
  TrustedProxies proxies = Proxies({"10.0.0.0/8"});
  // The client sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the
  // address it saw. The left-most entry is the lie, the right-most the truth.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"1.1.1.1, 198.51.100.1"}), "198.51.100.1");
  // Posing as one of our proxies gets it no further.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"1.1.1.1, 10.0.0.2, 198.51.100.1"}), "198.51.100.1");
  // Its own header line comes first, the proxy's after it.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"1.1.1.1", "198.51.100.1"}), "198.51.100.1");
}

TEST(TrustedProxiesTest, AStrayQuoteCannotSwallowWhatTheProxyAppended) {
  // nginx appends ", ADDRESS" to the client's own header on the same line:
  // an unclosed quote of the client's must not hide it.
  TrustedProxies xff = Proxies({"10.0.0.0/8"});
  EXPECT_EQ(xff.ClientOf("10.0.0.1", {"\"x, 198.51.100.1"}), "198.51.100.1");
  TrustedProxies forwarded = Proxies({"10.0.0.0/8"}, ProxyHeader::kForwarded);
  EXPECT_EQ(forwarded.ClientOf("10.0.0.1", {"for=\"x, for=198.51.100.1"}), "198.51.100.1");
}

TEST(RateLimitKeyTest, Ipv6AddressesCountByTheirSlash64) {
  EXPECT_EQ(RateLimitKey("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(RateLimitKey("2001:db8:1:2:aaaa::1"), RateLimitKey("2001:db8:1:2:bbbb::9"));
  EXPECT_NE(RateLimitKey("2001:db8:1:2::1"), RateLimitKey("2001:db8:1:3::1"));
  EXPECT_EQ(RateLimitKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("not an address"), "not an address");
}

TEST(TrustedProxiesTest, UnreadableHopsFallBackToThePeer) {
  TrustedProxies proxies = Proxies({"10.0.0.0/8"});
  for (const std::string& junk : std::vector<std::string>{
           "unknown", "_hidden", "not an address", "198.51.100.1,", ",", "999.1.1.1",
           "[2001:db8::1", "\"198.51.100.1", std::string(3000, ','), std::string("1.2.3.4\0", 8),
           "1.2.3.4 5.6.7.8", "\xff\xfe"}) {
    EXPECT_EQ(proxies.ClientOf("10.0.0.1", {junk}), "10.0.0.1") << junk;
  }
  // Junk left of the client does not matter: the walk stops at the client.
  EXPECT_EQ(proxies.ClientOf("10.0.0.1", {"garbage, 198.51.100.1"}), "198.51.100.1");
}

TEST(TrustedProxiesTest, ForwardedIsReadOnlyWhenChosen) {
  TrustedProxies xff = Proxies({"127.0.0.1"});
  TrustedProxies forwarded = Proxies({"127.0.0.1"}, ProxyHeader::kForwarded);
  const std::vector<std::string> value = {"for=\"[2001:db8::17]:4711\";proto=https"};
  EXPECT_EQ(forwarded.ClientOf("127.0.0.1", value), "2001:db8::17");
  EXPECT_EQ(forwarded.ClientOf("127.0.0.1", {"for=192.0.2.1, for=unknown"}), "127.0.0.1");
  EXPECT_EQ(forwarded.ClientOf("127.0.0.1", {"for=192.0.2.1, for=127.0.0.1:99"}), "192.0.2.1");
  EXPECT_EQ(forwarded.ClientOf("127.0.0.1", {"proto=https"}), "127.0.0.1");
  EXPECT_EQ(forwarded.ClientOf("127.0.0.1", {"for=\"unterminated"}), "127.0.0.1");

  httplib::Request req;
  req.remote_addr = "127.0.0.1";
  req.headers.emplace("Forwarded", "for=192.0.2.1");
  req.headers.emplace("x-forwarded-for", "198.51.100.1");
  EXPECT_EQ(xff.ClientOf(req), "198.51.100.1");
  EXPECT_EQ(forwarded.ClientOf(req), "192.0.2.1");
  req.remote_addr = "192.0.2.200";
  EXPECT_EQ(xff.ClientOf(req), "192.0.2.200");
  EXPECT_EQ(forwarded.ClientOf(req), "192.0.2.200");
}

}  // namespace
}  // namespace byline::searchd
