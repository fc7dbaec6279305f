#include "access_log.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "json_output.h"

namespace byline::searchd {
namespace {

std::string TimeText(int64_t now, const char* format) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// Common Log Format puts the request line in quotes; keep it one clean line.
std::string Sanitised(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || u < 0x20 || u == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& destination, Format format) {
  if (destination == "-") return std::unique_ptr<AccessLog>(new AccessLog(stderr, false, format));
  std::FILE* file = std::fopen(destination.c_str(), "a");
  if (file == nullptr) {
    return Status::IOError("cannot open access log " + destination + ": " + std::strerror(errno));
  }
  return std::unique_ptr<AccessLog>(new AccessLog(file, true, format));
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::Write(const httplib::Request& req, const httplib::Response& res,
                      const std::string& route, double seconds, const std::string& client) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string line = FormatLine(format_, req, res, route, seconds, now, client);
  line += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);  // a line per request, visible at once (tail -f, crashes)
}

std::string AccessLog::FormatLine(Format format, const httplib::Request& req,
                                  const httplib::Response& res, const std::string& route,
                                  double seconds, int64_t now, const std::string& client) {
  const std::string& peer = req.remote_addr;
  const bool forwarded = !client.empty() && client != peer;
  const std::string remote = forwarded ? client : peer.empty() ? "-" : peer;
  const std::string target = req.target.empty() ? req.path : req.target;
  if (format == Format::kCommon) {
    // host ident authuser [date] "request line" status bytes
    return remote + " - - [" + TimeText(now, "%d/%b/%Y:%H:%M:%S +0000") + "] \"" +
           Sanitised(req.method) + " " + Sanitised(target) + " " + Sanitised(req.version) + "\" " +
           std::to_string(res.status) + " " + std::to_string(res.body.size());
  }
  nlohmann::json line = {{"time", TimeText(now, "%Y-%m-%dT%H:%M:%SZ")},
                         {"remote", remote},
                         {"method", req.method},
                         {"target", target},
                         {"route", route},
                         {"status", res.status},
                         {"bytes", res.body.size()}};
  if (forwarded) line["peer"] = peer;  // the proxy it came through
  if (seconds >= 0) line["duration_ms"] = seconds * 1000;
  const std::string agent = req.get_header_value("User-Agent");
  if (!agent.empty()) line["user_agent"] = agent;
  return DumpJson(line);
}

}  // namespace byline::searchd
