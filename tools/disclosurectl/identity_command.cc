// disclosurectl identity CERT: the identities a configuration may name the
// holder of a certificate by (transport/pinned_identity.h): its SPIFFE ID
// if it has one, its key's pin and its subject, ready to paste into
// expected_identity, hub_identity or admin_identity.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "core/file_util.h"
#include "core/i18n.h"
#include "tools/disclosurectl/cli_util.h"
#include "tools/disclosurectl/commands.h"
#include "transport/pinned_identity.h"

namespace disclosure::cli {
namespace {

int RunIdentity(const std::string& cert_file) {
  absl::StatusOr<std::string> pem = ReadFile(cert_file, 1 << 20);
  if (!pem.ok()) {
    PrintError("identity", pem.status().message());
    return kExitFailure;
  }
  absl::StatusOr<CertificateIdentity> id = ReadCertificateIdentity(*pem);
  if (!id.ok()) {
    PrintError("identity",
               absl::StrCat(cert_file, ": ", id.status().message()));
    return kExitFailure;
  }
  std::vector<std::string> subject;
  for (const auto& [name, value] : id->subject) {
    subject.push_back(
        absl::StrCat(name, "=",
                     absl::StrReplaceAll(
                         value, {{"\\", "\\\\"}, {",", "\\,"}, {"&", "\\&"}})));
  }
  if (!id->spiffe_id.empty()) std::cout << id->spiffe_id << "\n";
  std::cout << "spki-sha256:" << id->spki_sha256 << "\n";
  std::cout << "subject:" << absl::StrJoin(subject, ",") << "\n";
  return kExitOk;
}

}  // namespace

void AddIdentityCommand(CLI::App& app, int* exit_code) {
  auto cert = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "identity",
      _("Print the identities a configuration may name a certificate's "
        "holder by: its SPIFFE ID (if any), spki-sha256:<pin of its key> and "
        "subject:<its subject>. Use one, or a pin and subject fields joined "
        "by &, in expected_identity, hub_identity or admin_identity"));
  cmd->add_option("CERT", *cert, _("A PEM certificate file"))->required();
  cmd->callback([cert, exit_code] { *exit_code = RunIdentity(*cert); });
}

}  // namespace disclosure::cli
