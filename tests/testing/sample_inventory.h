// Valid inventory items for node tests: an agency profile, database entries
// and raw request records that pass every validation rule, so a test can
// break exactly one rule at a time.
#ifndef DISCLOSURE_TESTS_TESTING_SAMPLE_INVENTORY_H_
#define DISCLOSURE_TESTS_TESTING_SAMPLE_INVENTORY_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/entry.pb.h"
#include "disclosure/v1/request.pb.h"

namespace disclosure::testing {

disclosure::v1::AgencyProfile SampleProfile(const std::string& agency_id);

// A complete entry for `database_id` with one out-of-purpose use, one
// linkage and two rights channels (one for opt-out).
disclosure::v1::DatabaseEntry SampleDatabase(const std::string& agency_id,
                                             const std::string& database_id);

// A complete raw request record sent at `sent_at`.
// Published entries: the agency's profile and a sample database per id.
std::vector<disclosure::v1::DisclosureEntry> SampleEntries(
    const std::string& agency_id, const std::vector<std::string>& database_ids);

disclosure::v1::ProviderRequestRecord SampleRequest(
    const std::string& request_id, absl::Time sent_at);

// A decision to withhold (format 2) under item `item` of 政府資訊公開法
// §18(1), decided by 資訊室, to be reviewed by `review`.
disclosure::v1::Withholding SampleWithholding(
    int item, const std::string& review = "2099-06-30");

// Vocabulary CSV text with the codes the samples use.
std::string SamplePurposesCsv();
std::string SampleCategoriesCsv();

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_SAMPLE_INVENTORY_H_
