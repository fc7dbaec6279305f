// The client of bench/writes/run.sh: drives byline-searchd's write routes.
//
//   byline-write-client puts PORT TOKEN CLIENTS SECONDS
//     CLIENTS threads, each on its own kept-alive connection, PUT one small
//     article at a time (new ids) for SECONDS; prints one JSON line:
//     {"writes", "seconds", "writes_per_s", "p50_ms", "p99_ms", "errors"}.
//   byline-write-client bulk PORT TOKEN FILE...
//     POSTs the files, concatenated, as one JSON Lines batch; prints one JSON
//     line: {"articles", "skipped", "seconds", "articles_per_s", "status"}.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int Puts(int port, const std::string& token, int clients, double seconds) {
  const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<long> errors{0};
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(seconds));
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // as curl does: no 40 ms Nagle / delayed-ACK stall
      client.set_read_timeout(60);
      for (long i = 0; Clock::now() < end; ++i) {
        const std::string id = "bench-" + std::to_string(c) + "-" + std::to_string(i);
        const std::string body =
            nlohmann::json({{"title", "Benchmark article " + id},
                            {"body", "A short article written over HTTP by client " +
                                         std::to_string(c) + ", number " + std::to_string(i) +
                                         ", about harbours, elections and markets."},
                            {"source", "bench"}})
                .dump();
        const auto t0 = Clock::now();
        auto res = client.Put(("/admin/articles/" + id).c_str(), headers, body, "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!res || res->status != 200) {
          ++errors;
          continue;
        }
        latencies[c].push_back(ms);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto at = [&all](double q) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(q * all.size()))];
  };
  std::printf("%s\n", nlohmann::json({{"writes", all.size()},
                                      {"seconds", wall},
                                      {"writes_per_s", all.size() / wall},
                                      {"p50_ms", at(0.50)},
                                      {"p99_ms", at(0.99)},
                                      {"errors", errors.load()}})
                          .dump()
                          .c_str());
  return errors.load() == 0 ? 0 : 1;
}

int Bulk(int port, const std::string& token, const std::vector<std::string>& files) {
  std::string body;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "byline-write-client: cannot read %s\n", file.c_str());
      return 2;
    }
    body.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!body.empty() && body.back() != '\n') body += '\n';
  }
  httplib::Client client("127.0.0.1", port);
  client.set_tcp_nodelay(true);
  client.set_read_timeout(600);
  client.set_write_timeout(600);
  const auto t0 = Clock::now();
  auto res = client.Post("/admin/articles", {{"Authorization", "Bearer " + token}}, body,
                         "application/x-ndjson");
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!res) {
    std::fprintf(stderr, "byline-write-client: no answer\n");
    return 1;
  }
  auto answer = nlohmann::json::parse(res->body, nullptr, false);
  const long written =
      answer.is_object()
          ? answer.value("added", 0L) + answer.value("updated", 0L) + answer.value("unchanged", 0L)
          : 0;
  std::printf("%s\n",
              nlohmann::json({{"articles", written},
                              {"skipped", answer.is_object() ? answer.value("skipped", 0L) : 0},
                              {"seconds", wall},
                              {"articles_per_s", written / wall},
                              {"status", res->status}})
                  .dump()
                  .c_str());
  return res->status == 200 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "puts" && argc == 6) {
    return Puts(std::atoi(argv[2]), argv[3], std::atoi(argv[4]), std::atof(argv[5]));
  }
  if (mode == "bulk" && argc >= 5) {
    return Bulk(std::atoi(argv[2]), argv[3], std::vector<std::string>(argv + 4, argv + argc));
  }
  std::fprintf(stderr,
               "usage: byline-write-client puts PORT TOKEN CLIENTS SECONDS\n"
               "       byline-write-client bulk PORT TOKEN FILE...\n");
  return 2;
}
