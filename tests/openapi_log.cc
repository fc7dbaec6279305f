#include "openapi_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace byline::testing {
namespace {

// A message's head (start line and headers) and where its body starts.
struct Head {
  std::string start_line;
  std::string content_type;
  std::optional<size_t> content_length;
  bool chunked = false;
  size_t body_begin = 0;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The head starting at `at`, or nothing when it is incomplete.
std::optional<Head> ReadHead(const std::string& bytes, size_t at) {
  const size_t end = bytes.find("\r\n\r\n", at);
  if (end == std::string::npos) return std::nullopt;
  Head head;
  head.body_begin = end + 4;
  size_t line_end = bytes.find("\r\n", at);
  head.start_line = bytes.substr(at, line_end - at);
  while (line_end < end) {
    const size_t next = bytes.find("\r\n", line_end + 2);
    const std::string line = bytes.substr(line_end + 2, next - line_end - 2);
    line_end = next;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (name == "content-type") head.content_type = value;
    if (name == "content-length") head.content_length = std::strtoull(value.c_str(), nullptr, 10);
    if (name == "transfer-encoding" && Lower(value).find("chunked") != std::string::npos) {
      head.chunked = true;
    }
  }
  return head;
}

// The chunked body starting at `at`: its bytes and where it ends, or
// nothing when it is incomplete.
std::optional<std::pair<std::string, size_t>> ReadChunked(const std::string& bytes, size_t at) {
  std::string body;
  for (;;) {
    const size_t line_end = bytes.find("\r\n", at);
    if (line_end == std::string::npos) return std::nullopt;
    const size_t size = std::strtoull(bytes.substr(at, line_end - at).c_str(), nullptr, 16);
    at = line_end + 2;
    if (size == 0) {
      const size_t trailer_end = bytes.find("\r\n", at);
      if (trailer_end == std::string::npos) return std::nullopt;
      return std::make_pair(body, trailer_end + 2);
    }
    if (bytes.size() < at + size + 2) return std::nullopt;
    body.append(bytes, at, size);
    at += size + 2;
  }
}

// "METHOD TARGET" of each complete request in `sent`, in order, up to the
// first bytes that are not one.
std::vector<std::pair<std::string, std::string>> Requests(const std::string& sent) {
  std::vector<std::pair<std::string, std::string>> requests;
  size_t at = 0;
  while (at < sent.size()) {
    auto head = ReadHead(sent, at);
    if (!head) break;
    const std::string& line = head->start_line;
    const size_t space = line.find(' ');
    const size_t second = space == std::string::npos ? space : line.find(' ', space + 1);
    if (second == std::string::npos || line.compare(second + 1, 5, "HTTP/") != 0) break;
    requests.emplace_back(line.substr(0, space), line.substr(space + 1, second - space - 1));
    if (head->chunked) {
      auto body = ReadChunked(sent, head->body_begin);
      if (!body) break;
      at = body->second;
    } else {
      at = head->body_begin + head->content_length.value_or(0);
    }
  }
  return requests;
}

}  // namespace

void LogJsonAnswer(const std::string& method, const std::string& path, int status,
                   const std::string& content_type, const std::string& body) {
  const char* const log_path = std::getenv("BYLINE_OPENAPI_LOG");
  if (log_path == nullptr || *log_path == '\0' || body.empty()) return;
  if (content_type.rfind("application/json", 0) != 0) return;
  const nlohmann::json line = {{"method", method},
                               {"path", path},
                               {"status", status},
                               {"content_type", content_type},
                               {"body", body}};
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // One write to an O_APPEND file: lines of concurrent clients never mix.
  const int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t written = write(fd, text.data(), text.size());
  (void)written;
  close(fd);
}

void LogRawExchange(const std::string& sent, const std::string& received) {
  const auto requests = Requests(sent);
  size_t at = 0;
  for (size_t answer = 0; at < received.size(); ++answer) {
    auto head = ReadHead(received, at);
    // An answer cut off (the connection closed, or the test stopped reading)
    // is not one a client would take.
    if (!head || head->start_line.rfind("HTTP/1.", 0) != 0 || head->start_line.size() < 12) return;
    const int status = std::atoi(head->start_line.c_str() + 9);
    const bool known = answer < requests.size();
    if (status >= 100 && status < 200) {  // an interim answer (100 Continue)
      at = head->body_begin;
      --answer;
      continue;
    }
    std::string body;
    if ((known && requests[answer].first == "HEAD") || status == 204 || status == 304) {
      at = head->body_begin;  // no body, whatever Content-Length says
    } else if (head->chunked) {
      auto chunked = ReadChunked(received, head->body_begin);
      if (!chunked) return;
      body = chunked->first;
      at = chunked->second;
    } else {
      const size_t length = head->content_length.value_or(0);
      if (received.size() < head->body_begin + length) return;
      body = received.substr(head->body_begin, length);
      at = head->body_begin + length;
    }
    LogJsonAnswer(known ? requests[answer].first : "?", known ? requests[answer].second : "?",
                  status, head->content_type, body);
  }
}

}  // namespace byline::testing
