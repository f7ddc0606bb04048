// A throw-away PKI for integration tests: a CA and leaf certificates with
// SPIFFE URI SANs (plus DNS:localhost and IP:127.0.0.1 so clients can dial
// loopback), written as PEM files (keys mode 0600) into a directory.
#ifndef DISCLOSURE_TESTS_TESTING_TEST_PKI_H_
#define DISCLOSURE_TESTS_TESTING_TEST_PKI_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "transport/tls.h"

namespace disclosure::testing {

class TestPki {
 public:
  // Creates a CA named `ca_name` whose files live in `dir`.
  TestPki(std::string dir, std::string ca_name = "Test Federation CA");
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  const std::string& ca_file() const { return ca_file_; }

  // Issues a certificate for `spiffe_id` (may be empty for none); files are
  // <dir>/<name>.crt and <dir>/<name>.key. Returns the paths with this CA.
  TlsFilePaths Issue(const std::string& name, const std::string& spiffe_id);
  // Issues a certificate with exactly the subject alternative names `san`
  // (OpenSSL syntax: "URI:spiffe://td/hub,DNS:localhost,IP:127.0.0.1").
  TlsFilePaths IssueWithSans(const std::string& name, const std::string& san);
  // Issues a certificate whose subject is `subject` (short name, value; the
  // CN first if any), with the SANs `san` (may be empty: none), like one
  // from another CA hierarchy that carries no SPIFFE ID.
  TlsFilePaths IssueWithSubject(
      const std::string& name,
      const std::vector<std::pair<std::string, std::string>>& subject,
      const std::string& san = "DNS:localhost,IP:127.0.0.1");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string dir_;
  std::string ca_file_;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_TEST_PKI_H_
