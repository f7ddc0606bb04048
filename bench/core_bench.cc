// Benchmarks of core/: Merkle root computation over 1M leaves against plain
// SHA-256 of the same bytes, and signed-note verification.
//
//   build/bench/core_bench --benchmark_repetitions=5
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "bench/ratio_reporter.h"
#include "format/checkpoint.h"
#include "format/cosignature.h"
#include "format/ed25519.h"
#include "format/merkle.h"
#include "format/note.h"
#include "format/note_keys.h"
#include "format/sha256.h"

namespace disclosure {
namespace {

constexpr int kLeaves = 1 << 20;

// kLeaves leaves of `size` bytes each, in one buffer.
const std::string& LeafData(size_t size) {
  static std::map<size_t, std::string>* data =
      new std::map<size_t, std::string>();
  auto it = data->find(size);
  if (it == data->end()) {
    std::string buf(size * kLeaves, '\0');
    uint64_t x = 88172645463325252ull;
    for (char& c : buf) {  // xorshift: cheap, incompressible enough
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      c = static_cast<char>(x);
    }
    it = data->emplace(size, std::move(buf)).first;
  }
  return it->second;
}

void Sha256Plain(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  const std::string& data = LeafData(size);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Sha256::Of(data));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * data.size());
}

void MerkleRoot(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  const std::string& data = LeafData(size);
  for (auto _ : state) {
    StreamingMerkleRoot root;
    for (int i = 0; i < kLeaves; ++i) {
      root.AppendLeaf(absl::string_view(data).substr(i * size, size));
    }
    benchmark::DoNotOptimize(root.Root());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * data.size());
}

void MerkleTreeBuild(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  const std::string& data = LeafData(size);
  for (auto _ : state) {
    MerkleTree tree;
    for (int i = 0; i < kLeaves; ++i) {
      tree.AppendLeaf(absl::string_view(data).substr(i * size, size));
    }
    benchmark::DoNotOptimize(tree.Root());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * data.size());
}

// A checkpoint signed by the log and cosigned by `witnesses` witnesses;
// verification checks every signature.
void NoteVerify(benchmark::State& state) {
  const int witnesses = static_cast<int>(state.range(0));
  std::shared_ptr<Ed25519PrivateKey> log_key = *Ed25519PrivateKey::Generate();
  auto log_signer =
      *Ed25519NoteSigner::Create("bench.example/agency/a", log_key);
  Checkpoint cp{"bench.example/agency/a", 123456, HashLeaf("root"), {}};
  std::string note = *SignNote(*FormatCheckpoint(cp), {log_signer.get()});
  std::vector<std::unique_ptr<NoteVerifier>> owned;
  std::vector<const NoteVerifier*> verifiers;
  owned.push_back(*NewNoteVerifier(log_signer->vkey()));
  for (int i = 0; i < witnesses; ++i) {
    std::shared_ptr<Ed25519PrivateKey> k = *Ed25519PrivateKey::Generate();
    auto w = *CosignatureSigner::Create(absl::StrCat("w", i, ".example"), k,
                                        [] { return uint64_t{1790000000}; });
    note = *AddNoteSignatures(note, {w.get()});
    owned.push_back(*NewNoteVerifier(w->vkey()));
  }
  for (const auto& v : owned) verifiers.push_back(v.get());
  for (auto _ : state) {
    auto opened = OpenNote(note, verifiers);
    if (!opened.ok() || opened->verified.size() != verifiers.size()) {
      state.SkipWithError("verification failed");
    }
    benchmark::DoNotOptimize(opened);
  }
  state.SetItemsProcessed(state.iterations());
}

void Ed25519VerifyRaw(benchmark::State& state) {
  auto key = *Ed25519PrivateKey::Generate();
  auto pub = *Ed25519PublicKey::FromRaw(key->public_key());
  const std::string msg = "bench.example/agency/a\n123456\nroot\n";
  const std::string sig = *key->Sign(msg);
  for (auto _ : state) benchmark::DoNotOptimize(pub->Verify(msg, sig));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(Sha256Plain)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(MerkleRoot)
    ->Arg(64)
    ->Arg(256)
    ->Arg(1024)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(MerkleTreeBuild)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(NoteVerify)->Arg(0)->Arg(1)->Arg(4);
BENCHMARK(Ed25519VerifyRaw);

}  // namespace
}  // namespace disclosure

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  disclosure::bench::RatioReporter reporter(
      {{"MerkleRoot", "Sha256Plain"},
       {"MerkleTreeBuild", "Sha256Plain"},
       {"NoteVerify", "Ed25519VerifyRaw"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
