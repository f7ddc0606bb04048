#include "tests/testing/grpc_probes.h"

#include <grpcpp/generic/generic_stub.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "transport/grpc_status.h"

namespace disclosure::testing {
namespace {

std::string Bytes(const grpc::ByteBuffer& b) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!b.Dump(&slices).ok()) return out;
  for (auto& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(5);
}

}  // namespace

absl::StatusOr<std::string> HealthCheck(
    const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub generic(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(Deadline());
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                    &request, &response, [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = s;
                      done = true;
                      cv.notify_one();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  if (!status.ok()) return FromGrpcStatus(status);
  return Bytes(response);
}

absl::StatusOr<std::string> ReflectionListServices(
    const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub generic(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(Deadline());
  grpc::CompletionQueue cq;
  auto call = generic.PrepareCall(
      &ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      &cq);
  void* tag = nullptr;
  bool ok = false;
  const auto step = [&](intptr_t want) {
    return cq.Next(&tag, &ok) && tag == reinterpret_cast<void*>(want) && ok;
  };
  std::string result;
  bool good = false;
  call->StartCall(reinterpret_cast<void*>(1));
  if (step(1)) {
    // ServerReflectionRequest { list_services (field 7) = "" }.
    grpc::Slice request(std::string("\x3a\x00", 2));
    grpc::ByteBuffer out(&request, 1);
    call->Write(out, reinterpret_cast<void*>(2));
    grpc::ByteBuffer in;
    if (step(2)) {
      call->Read(&in, reinterpret_cast<void*>(3));
      good = step(3);
      result = Bytes(in);
    }
  }
  // A refused call has ended: Finish reports why. A good one is cancelled.
  if (good) ctx.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (!good) {
    return status.ok() ? absl::UnavailableError("reflection call failed")
                       : FromGrpcStatus(status);
  }
  return result;
}

}  // namespace disclosure::testing
