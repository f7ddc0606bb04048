// A bounded loop of harvest rounds against agency nodes that are, at
// random (fixed seed), killed, delayed past the deadline, sending corrupt
// streams or garbled proofs, rolled back or forked, or honest and
// publishing. After every round: the hub holds only checkpoints the nodes
// honestly signed (0 wrong accepts), its logs never shrink, and evidence
// exists only for agencies that really served a conflicting signed
// checkpoint. At the end, with every node honest, the hub holds each
// node's latest snapshot (0 lost). CHAOS_ROUNDS sets the number of rounds
// (default 20, the short form CI runs).
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/status_matchers.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using ::disclosure::testing::HostileNode;

// The agency's profile and `n` databases db0..db<n-1>.
std::vector<v1::DisclosureEntry> Entries(const std::string& agency, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(absl::StrCat("db", i));
  return testing::SampleEntries(agency, ids);
}

struct Agency {
  std::unique_ptr<HostileNode> node;
  std::set<std::string> honest;  // every checkpoint it honestly signed
  int databases = 1;
  bool served_conflict = false;  // a rollback or fork was ever offered
  bool killed = false;
};

TEST(ChaosTest, NoWrongAcceptsAndNoLostSnapshots) {
  const char* env = std::getenv("CHAOS_ROUNDS");
  const int rounds = env != nullptr ? std::atoi(env) : 20;
  testing::TempDir dir;
  testing::TestPki pki(dir.path());
  RealClock clock;
  testing::HubHarness hub(dir.File("hub"), &pki);
  hub.config().mutable_limits()->set_rpc_deadline_seconds(1);
  hub.config().mutable_limits()->set_harvest_deadline_seconds(2);
  std::map<std::string, Agency> agencies;
  for (const char* id : {"a0", "a1", "a2", "a3"}) {
    Agency& a = agencies[id];
    a.node = std::make_unique<HostileNode>(&pki, id);
    a.node->Publish(Entries(id, 1), clock.Now(), absl::Hours(72));
    a.honest.insert(a.node->checkpoint());
    hub.RegisterRaw(id, a.node->endpoint(), {a.node->vkey()});
  }
  ASSERT_THAT(hub.Start(&clock), testing::IsOk());
  std::mt19937 rng(20261127);
  std::map<std::string, uint64_t> sizes;
  int accepted = 0, refused = 0, unreachable = 0;
  for (int round = 0; round < rounds; ++round) {
    for (auto& [id, a] : agencies) {
      a.node->set_mode(HostileNode::kHonest);
      if (a.killed) a.node->Restart();
      a.killed = false;
      switch (rng() % 7) {
        case 0:
        case 1:  // honest, with a new snapshot
          a.node->Publish(Entries(id, ++a.databases), clock.Now(),
                          absl::Hours(72));
          a.honest.insert(a.node->checkpoint());
          break;
        case 2:
          a.node->Kill();
          a.killed = true;
          break;
        case 3:
          a.node->set_mode(HostileNode::kSlow);
          a.node->set_delay(absl::Milliseconds(1500));
          break;
        case 4:  // a new snapshot, delivered corrupt
          a.node->Publish(Entries(id, ++a.databases), clock.Now(),
                          absl::Hours(72));
          a.honest.insert(a.node->checkpoint());
          a.node->set_mode(rng() % 2 ? HostileNode::kDuplicateUpserts
                                     : HostileNode::kGarbledConsistency);
          a.node->set_flood(1000);
          break;
        case 5:
          a.node->set_mode(HostileNode::kRollback);
          a.served_conflict = true;
          break;
        case 6:
          a.node->set_mode(HostileNode::kFork);
          a.served_conflict = true;
          break;
      }
    }
    hub::RoundSummary r = hub.hub().HarvestNow(true);
    accepted += r.accepted;
    refused += r.refused;
    unreachable += r.unreachable;
    for (auto& [id, a] : agencies) {
      auto state = **hub.hub().store().GetAgency(id);
      if (!state.has_snapshot()) continue;
      EXPECT_EQ(a.honest.count(state.checkpoint()), 1u)
          << "round " << round << ": wrong accept for " << id;
      EXPECT_GE(state.log_size(), sizes[id]) << "round " << round;
      sizes[id] = state.log_size();
      if (state.misbehaving_since() != 0) {
        EXPECT_TRUE(a.served_conflict) << "false evidence against " << id;
      }
    }
  }
  // Everyone honest again: the hub catches up with every node.
  for (auto& [id, a] : agencies) {
    a.node->set_mode(HostileNode::kHonest);
    if (a.killed) a.node->Restart();
  }
  for (int i = 0; i < 30; ++i) {
    hub.hub().HarvestNow(true);
    bool all = true;
    for (auto& [id, a] : agencies) {
      all = all && (**hub.hub().store().GetAgency(id)).checkpoint() ==
                       a.node->checkpoint();
    }
    if (all) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  for (auto& [id, a] : agencies) {
    EXPECT_EQ((**hub.hub().store().GetAgency(id)).checkpoint(),
              a.node->checkpoint())
        << "lost snapshot of " << id;
  }
  std::cerr << rounds << " chaos rounds: " << accepted << " accepted, "
            << refused << " refused, " << unreachable << " unreachable"
            << std::endl;
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  EXPECT_GT(unreachable, 0);
}

}  // namespace
}  // namespace disclosure
