#include "transport/tls.h"

#include <sys/stat.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "core/file_util.h"
#include "format/status_macros.h"

namespace disclosure {
namespace {

constexpr size_t kMaxPemBytes = 1 << 20;

absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view what) {
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no ", what, " file given"));
  }
  DN_ASSIGN_OR_RETURN(std::string pem, ReadFile(path, kMaxPemBytes));
  if (pem.find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " file ", path, " holds no PEM block"));
  }
  return pem;
}

absl::StatusOr<std::string> ReadPrivatePem(const std::string& path) {
  struct stat st;
  if (!path.empty() && stat(path.c_str(), &st) == 0 &&
      (st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("refusing TLS key file ", path,
                     ": group or others can access it; run: chmod 600 ", path));
  }
  return ReadPem(path, "TLS private key");
}

// A certificate chain and its private key, read and checked.
absl::StatusOr<grpc::SslServerCredentialsOptions::PemKeyCertPair> ReadKeyPair(
    const std::string& cert_file, const std::string& key_file) {
  DN_ASSIGN_OR_RETURN(std::string cert, ReadPem(cert_file, "certificate"));
  DN_ASSIGN_OR_RETURN(std::string key, ReadPrivatePem(key_file));
  return grpc::SslServerCredentialsOptions::PemKeyCertPair{key, cert};
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>>
MutualTlsServerCredentials(const TlsFilePaths& paths) {
  DN_ASSIGN_OR_RETURN(auto pair, ReadKeyPair(paths.cert_file, paths.key_file));
  DN_ASSIGN_OR_RETURN(std::string ca, ReadPem(paths.ca_file, "CA"));
  grpc::SslServerCredentialsOptions opts(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  opts.pem_root_certs = ca;
  opts.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(opts);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsServerCredentials(
    const std::string& cert_file, const std::string& key_file) {
  DN_ASSIGN_OR_RETURN(auto pair, ReadKeyPair(cert_file, key_file));
  grpc::SslServerCredentialsOptions opts(
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  opts.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(opts);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MutualTlsChannelCredentials(const TlsFilePaths& paths) {
  DN_ASSIGN_OR_RETURN(auto pair, ReadKeyPair(paths.cert_file, paths.key_file));
  DN_ASSIGN_OR_RETURN(std::string ca, ReadPem(paths.ca_file, "CA"));
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = ca;
  opts.pem_private_key = pair.private_key;
  opts.pem_cert_chain = pair.cert_chain;
  return grpc::SslCredentials(opts);
}

}  // namespace disclosure
