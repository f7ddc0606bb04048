// A disclosure-node started as a real process on free loopback ports, with
// disclosurectl run against its admin service, for end-to-end tests of
// agency IT's flows. Tests using it define DISCLOSURE_NODE_PATH and
// DISCLOSURECTL_PATH (tests/e2e/CMakeLists.txt).
#ifndef DISCLOSURE_TESTS_E2E_NODE_PROCESS_FIXTURE_H_
#define DISCLOSURE_TESTS_E2E_NODE_PROCESS_FIXTURE_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "gtest/gtest.h"
#include "tests/testing/node_harness.h"
#include "tests/testing/subprocess.h"

namespace disclosure::testing {

inline constexpr char kNode[] = DISCLOSURE_NODE_PATH;
inline constexpr char kCtl[] = DISCLOSURECTL_PATH;

inline int PortFromLog(const std::string& log, const std::string& label) {
  const size_t at = log.rfind(label);
  if (at == std::string::npos) return 0;
  int port = 0;
  size_t i = at + label.size();
  while (i < log.size() && isdigit(log[i])) port = port * 10 + (log[i++] - '0');
  return port;
}

class NodeProcessFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_.WriteConfigFile(config_);
    admin_ = harness_.AdminClientFiles();
  }
  // Starts the node; with `crash_at`, it dies at that crash point
  // (core/crash_point.h).
  std::unique_ptr<Process> StartNode(const std::string& crash_at = "") {
    if (!crash_at.empty()) setenv("DISCLOSURE_CRASH_AT", crash_at.c_str(), 1);
    std::vector<std::string> argv{kNode, "--config", config_};
    if (!std::filesystem::exists(harness_.config().data_dir()))
      argv.push_back("--init");  // the first start creates the store
    auto p = std::make_unique<Process>(
        argv, dir_.File(absl::StrCat("node-", starts_++, ".log")));
    unsetenv("DISCLOSURE_CRASH_AT");
    EXPECT_TRUE(p->WaitForLog("admin on port", 10000)) << p->Log();
    admin_port_ = PortFromLog(p->Log(), "admin on port ");
    return p;
  }
  // Runs disclosurectl against the node; `env` ("NAME=value") is added to
  // its environment.
  CommandResult Ctl(std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), kCtl);
    if (!env.empty()) {
      args.insert(args.begin(), env.begin(), env.end());
      args.insert(args.begin(), "/usr/bin/env");
    }
    for (const std::string& a :
         {std::string("--node"), absl::StrCat("127.0.0.1:", admin_port_),
          std::string("--cert"), admin_.cert_file, std::string("--key"),
          admin_.key_file, std::string("--ca"), admin_.ca_file}) {
      args.push_back(a);
    }
    return RunCommand(args);
  }
  std::string WriteCsv(const std::string& name, const std::string& text) {
    unlink(dir_.File(name).c_str());
    EXPECT_TRUE(WriteNewFile(dir_.File(name), text, 0644).ok());
    return dir_.File(name);
  }
  std::string RequestsCsv(int n) {
    std::string csv =
        "request_id,doc_no,requesting_unit,sent_at,provider_name,provider_type,"
        "legal_basis.statute,legal_basis.article,purpose_category,data_types,"
        "identifier_type,"
        "identifiers_count,urgency,external_authorisation,outcome,case_ref\n";
    for (int i = 0; i < n; ++i) {
      absl::StrAppend(&csv, "req-", i, ",字第", i, "號,審查科,2026-0",
                      1 + i % 6, "-1", i % 10, " 09:00,電信", i % 7,
                      ",mobile_telecom,稅捐稽徵法,第30條,tax_investigation,",
                      "subscriber_info,phone,", 1 + i % 3,
                      ",routine,none,produced_full,case-", i, "\n");
    }
    return WriteCsv(absl::StrCat("requests-", n, ".csv"), csv);
  }
  void ImportBasics() {
    // Profile, and the sample databases (vocabulary: 157, C001, C003).
    std::string profile =
        WriteCsv("profile.csv",
                 "agency_id,name.zh_tw,contact.unit,contact.email\n"
                 "mof,財政部,個資窗口,privacy@mof.example.tw\n");
    CommandResult r = Ctl({"import", "profile", profile});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string dbs = WriteCsv(
        "databases.csv",
        "database_id,file_name.zh_tw,description.zh_tw,contact.unit,contact."
        "email,holding_basis,"
        "collection_ground,specific_purposes,data_categories,subject_"
        "categories.zh_tw,"
        "record_sources.zh_tw,oversight,retention,status,next_review_due\n"
        "tax-data,財稅資料,財稅資料庫,財政資訊中心,fia@mof.example.tw,"
        "稅捐稽徵法|第33條,"
        "art15_1,157,C001;C003,納稅義務人,稽徵機關,資料審議小組|internal,十年,"
        "published,"
        "2027-06-30\n");
    std::string channels = WriteCsv(
        "channels.csv",
        "database_id,channel_id,right,method,where.unit,where.phone,id_"
        "verification,"
        "deadline_days,extension_days\n"
        "tax-data,copy,copy,counter,服務台,02-0000-0000,身分證,15,15\n");
    r = Ctl({"import", "databases", dbs, "--channels", channels});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }

  TempDir dir_;
  TestPki pki_{dir_.path()};
  NodeHarness harness_{dir_.File("mof"), &pki_, "mof"};
  std::string config_ = dir_.File("node.textproto");
  TlsFilePaths admin_;
  int admin_port_ = 0;
  int starts_ = 0;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_E2E_NODE_PROCESS_FIXTURE_H_
