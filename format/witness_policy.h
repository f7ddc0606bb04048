// Which witnesses must cosign a checkpoint before it counts: a policy file in
// the spirit of Sigsum's and C2SP's witness policies, with keys written as
// signed-note verifier keys (cosignature/v1).
//
//   # comments and blank lines are ignored
//   witness <name> <vkey> [<url>]        one witness; url: where it listens
//   group <name> <k|all|any> <member>... k of the members (witnesses or
//                                        groups defined above)
//   quorum <name>                        the witness or group that must be
//                                        satisfied; "none" needs no witness
//
// Example:
//
//   witness hub      example.tw/hub+1a2b3c4d+BA... http://127.0.0.1:7380
//   witness cy       cy.gov.tw/witness+...         https://witness.cy.gov.tw
//   witness ntu      ntu.edu.tw/witness+...        https://w.ntu.edu.tw
//   group   outside  1 cy ntu
//   group   main     all hub outside
//   quorum  main
//
// Names are unique; a member must be defined before the group that names it,
// so groups cannot loop. A witness's cosignature is recognised by its key
// (the note key name and id in the vkey).
#ifndef DISCLOSURE_FORMAT_WITNESS_POLICY_H_
#define DISCLOSURE_FORMAT_WITNESS_POLICY_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "format/note.h"

namespace disclosure {

class WitnessPolicy {
 public:
  struct Witness {
    std::string name;
    std::string vkey;
    std::string url;  // may be empty
  };

  // Parses policy text. InvalidArgument naming the line for an unknown
  // keyword, a duplicate name, a vkey that is not a cosignature key, a
  // member not defined above, a threshold above the member count, or a
  // missing or repeated quorum line.
  // (core/witness_policy_file.h reads a policy file.)
  static absl::StatusOr<WitnessPolicy> Parse(absl::string_view text);

  // A policy that needs no witness (what "quorum none" says).
  static WitnessPolicy None();

  const std::vector<Witness>& witnesses() const { return witnesses_; }
  // True if the quorum is "none".
  bool needs_no_witness() const { return quorum_.empty(); }

  // Whether cosignatures by the witnesses named in `cosigned` (policy names)
  // satisfy the quorum.
  bool Satisfied(const std::set<std::string>& cosigned) const;

  // Verifiers of every witness's key, in the order of witnesses().
  const std::vector<std::unique_ptr<NoteVerifier>>& verifiers() const {
    return *verifiers_;
  }

  // Checks every cosignature in `note` by a witness of this policy, ignoring
  // lines by other keys. Returns the names of the witnesses whose
  // cosignature verified. InvalidArgument if the note is malformed;
  // Unauthenticated if a line carrying a witness's key name and id does not
  // verify.
  absl::StatusOr<std::set<std::string>> VerifiedWitnesses(
      absl::string_view note) const;

  // "2 of 3 (hub, cy, ntu)"-style text of the quorum, for people.
  std::string Describe() const;

 private:
  struct Group {
    std::string name;
    size_t threshold = 0;
    std::vector<std::string> members;
  };
  bool Satisfied(const std::string& name,
                 const std::set<std::string>& cosigned) const;

  std::vector<Witness> witnesses_;
  std::map<std::string, Group> groups_;
  std::string quorum_;
  std::shared_ptr<std::vector<std::unique_ptr<NoteVerifier>>> verifiers_ =
      std::make_shared<std::vector<std::unique_ptr<NoteVerifier>>>();
};

}  // namespace disclosure

#endif  // DISCLOSURE_FORMAT_WITNESS_POLICY_H_
