// DisclosureIndex: the restart facts. What the index derived for each
// agency is saved at shutdown (Facts, MarkFactsSaved) and restored at the
// next start instead of parsing the agency's databases (RestoreAgency);
// hub/index/index_loader.h decides when.
#include <map>
#include <string>
#include <vector>

#include "format/status_macros.h"
#include "hub/index/disclosure_index.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;
namespace v1h = disclosure::v1::hub;

void DisclosureIndex::SetEntryReader(EntryReader reader) {
  read_entry_ = std::move(reader);
}

bool DisclosureIndex::RestoreAgency(
    const std::string& agency_id, v1h::IndexFacts facts,
    const std::map<std::string, std::string>& leaf_hashes,
    const std::vector<EntryRef>& others) {
  if (!read_entry_ || indexer_ == nullptr ||
      indexer_->index().CommittedAgencyVersion(agency_id) != facts.version()) {
    return false;
  }
  IndexedAgency a;
  if (!FromFacts(std::move(facts), leaf_hashes, others, agency_id, &a))
    return false;
  absl::MutexLock lock(&mu_);
  agencies_[agency_id] = std::move(a);
  return true;
}

absl::Status DisclosureIndex::DropUnheldAgenciesFromSearch() {
  if (indexer_ == nullptr) return absl::OkStatus();
  DN_ASSIGN_OR_RETURN(std::vector<std::string> indexed,
                      indexer_->index().CommittedAgencies());
  absl::MutexLock lock(&mu_);
  for (const std::string& agency_id : indexed) {
    if (agencies_.count(agency_id) == 0) EnqueueRemoval(agency_id);
  }
  return absl::OkStatus();
}

std::vector<std::string> DisclosureIndex::AgenciesWithUnsavedFacts() const {
  std::vector<std::string> out;
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [agency_id, a] : agencies_) {
    if (!a.facts_saved && !a.version.empty()) out.push_back(agency_id);
  }
  return out;
}

std::optional<v1h::IndexFacts> DisclosureIndex::Facts(
    const std::string& agency_id, const std::string& build) const {
  absl::ReaderMutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a == agencies_.end()) return std::nullopt;
  v1h::IndexFacts facts = FactsOf(a->second);
  facts.set_build(build);
  return facts;
}

void DisclosureIndex::MarkFactsSaved(const std::string& agency_id,
                                     const std::string& version) {
  absl::MutexLock lock(&mu_);
  auto a = agencies_.find(agency_id);
  if (a != agencies_.end() && a->second.version == version)
    a->second.facts_saved = true;
}

}  // namespace disclosure::hub
