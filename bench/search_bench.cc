// The hub's free-text search on the data and query terms of a plain
// PostgreSQL design (bench/search_vs_postgres.sh runs both in one
// invocation and prints the ratios). Two roles, each its own process so
// that the clients do not share the server's address space:
//
//   search_bench serve --entries E.jsonl --agencies A.jsonl --port_file F
//       loads every entry (proto3 JSON DatabaseEntry, one per line) into
//       the hub's DisclosureIndex, serves the hub's IndexService on a free
//       loopback port (written to F) until standard input closes. A line
//       "reindex" on standard input starts a full re-index of every agency
//       from E (as after a change of index format), in the background;
//       "F.reindexed" is written when it is complete.
//   search_bench load --target 127.0.0.1:PORT --terms T.txt
//       [--clients 32] [--seconds 10] [--page_size 20]
//       [--order relevance|agency]
//       C clients in closed loop, each SearchDatabases with a uniformly
//       random term of T (a page and the total, exact up to 10,000, as the
//       PostgreSQL kit's default "count" mode), and prints
//       "SUMMARY median_ms= p99_ms= qps= searches= errors=".
//   search_bench load --per_term [--searches 200] ...
//       one client, each term of T in turn, --searches times each: prints
//       each term's median and p99, then
//       "SUMMARY single_p99_ms_max= term= searches= errors=".
//
// Latency is from sending the request to the whole answer, on the client;
// median = v[n/2], p99 = v[n*99/100] of the sorted latencies, as the
// PostgreSQL kit computes them.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "disclosure/v1/hub/index_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "hub/index/disclosure_index.h"
#include "hub/service/index_service.h"

ABSL_FLAG(std::string, entries, "", "serve: entries.jsonl");
ABSL_FLAG(std::string, agencies, "", "serve: agencies.jsonl (optional)");
ABSL_FLAG(std::string, port_file, "", "serve: where to write the port");
ABSL_FLAG(std::string, target, "", "load: host:port of a serving process");
ABSL_FLAG(std::string, terms, "", "load: one query term per line");
ABSL_FLAG(int, clients, 32, "load: concurrent clients");
ABSL_FLAG(int, seconds, 10, "load: measurement time");
ABSL_FLAG(int, page_size, 20, "load: hits per page");
ABSL_FLAG(std::string, order, "relevance",
          "load: relevance (BM25) or agency ((agency, database), as the "
          "PostgreSQL kit orders)");
ABSL_FLAG(bool, per_term, false,
          "load: one client, each term in turn (single-client latency)");
ABSL_FLAG(int, searches, 200, "load --per_term: searches of each term");
ABSL_FLAG(std::string, index_dir, "",
          "serve: the search index folder (default: a temporary one)");

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;
using WallClock = std::chrono::steady_clock;

// Reads proto3 JSON messages, one per line; exits on the first bad line.
template <typename Message>
std::vector<Message> ReadJsonLines(const std::string& path) {
  std::vector<Message> out;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "search_bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::string line;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    Message m;
    if (!google::protobuf::util::JsonStringToMessage(line, &m, options).ok()) {
      std::cerr << "search_bench: " << path << ":" << n
                << " is not a JSON message\n";
      std::exit(2);
    }
    out.push_back(std::move(m));
  }
  return out;
}

using ByAgency = std::map<std::string, std::vector<v1::DisclosureEntry>>;

// Every entry of --entries and --agencies, by agency.
ByAgency ReadEntries() {
  ByAgency by_agency;
  for (auto& db :
       ReadJsonLines<v1::DatabaseEntry>(absl::GetFlag(FLAGS_entries))) {
    v1::DisclosureEntry e;
    e.set_key(absl::StrCat("db/", db.database_id()));
    std::vector<v1::DisclosureEntry>& list = by_agency[db.agency_id()];
    *e.mutable_database() = std::move(db);
    list.push_back(std::move(e));
  }
  if (!absl::GetFlag(FLAGS_agencies).empty()) {
    for (auto& p :
         ReadJsonLines<v1::AgencyProfile>(absl::GetFlag(FLAGS_agencies))) {
      v1::DisclosureEntry e;
      e.set_key("agency");
      std::vector<v1::DisclosureEntry>& list = by_agency[p.agency_id()];
      *e.mutable_agency_profile() = std::move(p);
      list.push_back(std::move(e));
    }
  }
  return by_agency;
}

// Indexes every agency again from the entries file, as after a change of
// the index's format, and writes `done` when the search index holds it.
void Reindex(hub::DisclosureIndex* index, const std::string& done) {
  const auto t0 = WallClock::now();
  for (const auto& [agency, entries] : ReadEntries())
    index->ReplaceAgency(agency, entries);  // no version: indexed anew
  index->WaitForSearchIndex(absl::InfiniteDuration());
  const double s = std::chrono::duration<double>(WallClock::now() - t0).count();
  std::fprintf(stderr, "search_bench: re-index complete after %.2f s\n", s);
  std::ofstream(done) << s << "\n";
}

int Serve() {
  ByAgency by_agency = ReadEntries();
  hub::DisclosureIndex index(absl::GetFlag(FLAGS_index_dir));
  if (!index.SearchStatus().ok()) {
    std::cerr << "search_bench: " << index.SearchStatus() << "\n";
    return 3;
  }
  const auto t0 = WallClock::now();
  size_t count = 0;
  for (const auto& [agency, entries] : by_agency) {
    index.ReplaceAgency(agency, entries);
    count += entries.size();
  }
  const size_t agencies = by_agency.size();
  by_agency.clear();  // the index keeps its own copies: measure only those
  const double loaded =
      std::chrono::duration<double>(WallClock::now() - t0).count();
  // Serve the whole index: wait for the search index, built in the
  // background.
  index.WaitForSearchIndex(absl::InfiniteDuration());
  std::fprintf(stderr,
               "search_bench: loaded %zu entries of %zu agencies in %.2f s, "
               "search index complete after %.2f s\n",
               count, agencies, loaded,
               std::chrono::duration<double>(WallClock::now() - t0).count());
  // SearchDatabases reads only the index: no store, harvester or clock.
  hub::IndexService service(nullptr, &index, nullptr, nullptr);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "search_bench: cannot listen on loopback\n";
    return 3;
  }
  std::ofstream(absl::GetFlag(FLAGS_port_file)) << port << "\n";
  // Serve until the driver closes our standard input; "reindex" lines
  // start a re-index (one at a time).
  std::thread reindex;
  std::string line;
  for (char c; read(STDIN_FILENO, &c, 1) > 0;) {
    if (c != '\n') {
      line.push_back(c);
      continue;
    }
    if (line == "reindex" && !reindex.joinable()) {
      reindex = std::thread(Reindex, &index,
                            absl::GetFlag(FLAGS_port_file) + ".reindexed");
    }
    line.clear();
  }
  if (reindex.joinable()) reindex.join();
  server->Shutdown();
  return 0;
}

// median = v[n/2], p99 = v[n*99/100] of `v`, sorted here.
std::pair<double, double> MedianAndP99(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 99 / 100]};
}

// One client, each term in turn: its latency alone, with nothing else
// running (the single-client target holds for every term).
int LoadPerTerm(const std::vector<std::string>& terms, int page_size,
                v1h::SearchOrder order) {
  auto stub = v1h::IndexService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()));
  const int searches = std::max(1, absl::GetFlag(FLAGS_searches));
  double worst = 0;
  std::string worst_term;
  int errors = 0;
  size_t done = 0;
  for (const std::string& term : terms) {
    v1h::SearchDatabasesRequest q;
    q.set_text(term);
    q.set_page_size(static_cast<uint32_t>(page_size));
    q.set_order(order);
    std::vector<double> ms;
    int64_t total = 0;
    for (int i = 0; i < searches; ++i) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
      v1h::SearchDatabasesResponse resp;
      const auto s = WallClock::now();
      if (!stub->SearchDatabases(&ctx, q, &resp).ok()) {
        ++errors;
        continue;
      }
      ms.push_back(1000 *
                   std::chrono::duration<double>(WallClock::now() - s).count());
      total = resp.total();
    }
    if (ms.empty()) continue;
    done += ms.size();
    const auto [median, p99] = MedianAndP99(ms);
    std::printf("term %s median_ms=%.3f p99_ms=%.3f total=%lld\n", term.c_str(),
                median, p99, static_cast<long long>(total));
    if (p99 > worst) {
      worst = p99;
      worst_term = term;
    }
  }
  std::printf("SUMMARY single_p99_ms_max=%.3f term=%s searches=%zu errors=%d\n",
              worst, worst_term.c_str(), done, errors);
  return errors == 0 && done > 0 ? 0 : 1;
}

int Load() {
  std::vector<std::string> terms;
  {
    std::ifstream in(absl::GetFlag(FLAGS_terms));
    for (std::string t; std::getline(in, t);) {
      if (!t.empty() && t[0] != '#') terms.push_back(t);
    }
  }
  if (terms.empty()) {
    std::cerr << "search_bench: no terms in " << absl::GetFlag(FLAGS_terms)
              << "\n";
    return 2;
  }
  const int clients = absl::GetFlag(FLAGS_clients);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  const std::string order_name = absl::GetFlag(FLAGS_order);
  if (order_name != "relevance" && order_name != "agency") {
    std::cerr << "search_bench: --order is relevance or agency\n";
    return 2;
  }
  const v1h::SearchOrder order = order_name == "agency"
                                     ? v1h::SEARCH_ORDER_AGENCY
                                     : v1h::SEARCH_ORDER_RELEVANCE;
  if (absl::GetFlag(FLAGS_per_term))
    return LoadPerTerm(terms, page_size, order);
  std::vector<std::vector<double>> latencies(clients);
  std::vector<int> errors(clients, 0);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  // One channel per client, as pgbench opens one connection per client.
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", c);  // a connection of its own
      auto stub = v1h::IndexService::NewStub(
          grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target),
                                    grpc::InsecureChannelCredentials(), args));
      std::mt19937 rng(static_cast<unsigned>(c));
      std::uniform_int_distribution<size_t> pick(0, terms.size() - 1);
      while (!stop) {
        v1h::SearchDatabasesRequest q;
        q.set_text(terms[pick(rng)]);
        q.set_page_size(static_cast<uint32_t>(page_size));
        q.set_order(order);
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
        v1h::SearchDatabasesResponse resp;
        const auto s = WallClock::now();
        if (stub->SearchDatabases(&ctx, q, &resp).ok()) {
          latencies[c].push_back(
              1000 *
              std::chrono::duration<double>(WallClock::now() - s).count());
        } else {
          ++errors[c];
        }
      }
    });
  }
  const auto t0 = WallClock::now();
  std::this_thread::sleep_for(
      std::chrono::seconds(absl::GetFlag(FLAGS_seconds)));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(WallClock::now() - t0).count();
  std::vector<double> all;
  int failed = 0;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    failed += errors[c];
  }
  if (all.empty()) {
    std::cerr << "search_bench: no search succeeded (" << failed
              << " errors)\n";
    return 1;
  }
  const auto [median, p99] = MedianAndP99(all);
  std::printf(
      "SUMMARY median_ms=%.3f p99_ms=%.3f qps=%.1f searches=%zu "
      "errors=%d clients=%d page_size=%d order=%s\n",
      median, p99, all.size() / elapsed, all.size(), failed, clients, page_size,
      order_name.c_str());
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  const std::string role = rest.size() > 1 ? rest[1] : "";
  if (role == "serve") return disclosure::Serve();
  if (role == "load") return disclosure::Load();
  std::cerr << "usage: search_bench serve|load [flags] (see the file's "
               "comment)\n";
  return 2;
}
