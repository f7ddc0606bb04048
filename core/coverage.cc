#include "core/coverage.h"

namespace disclosure {

namespace v1 = disclosure::v1;

std::vector<MissingItem> MissingDisclosureItems(const v1::DatabaseEntry& e) {
  std::vector<MissingItem> missing;
  const auto need = [&](bool ok, const char* name, const char* column) {
    if (!ok) missing.push_back({name, column});
  };
  need(!e.file_name().zh_tw().empty(), "file_name",
       "file_name.zh_tw");                                       // 17(1)
  need(!e.contact().unit().empty(), "contact", "contact.unit");  // Art. 17(2)
  need(!e.holding_basis().empty(), "holding_basis", "holding_basis");  // 17(3)
  need(!e.specific_purposes().empty(), "specific_purposes",
       "specific_purposes");  // Art. 17(3)
  need(!e.data_categories().empty(), "data_categories",
       "data_categories");  // Art. 17(4)
  need(!e.rights_channels().empty(), "rights_channels",
       "channels");  // Arts. 3, 10, 11
  // 憲判13: an opt-out is owed where data is used beyond its purpose.
  need(e.opt_out().available() || !e.opt_out().scope().empty() ||
           e.opt_out().channel_ids_size() > 0 ||
           e.out_of_purpose_uses().empty(),
       "opt_out", "opt_out.available");
  need(!e.retention().empty(), "retention", "retention");
  need(!e.oversight().empty(), "oversight", "oversight");
  need(!e.next_review_due().empty(), "next_review_due", "next_review_due");
  need(!e.attested_by().name().empty(), "attested_by", "attested_by.name");
  need(!e.source_url().empty(), "source_url", "source_url");
  for (const auto& u : e.out_of_purpose_uses()) {
    if (u.approval_body().empty() ||
        u.legal_ground() == v1::LEGAL_GROUND_UNSPECIFIED) {
      missing.push_back(
          {"out_of_purpose_uses." + u.use_id(),
           u.approval_body().empty() ? "approval_body" : "legal_ground"});
    }
  }
  return missing;
}

}  // namespace disclosure
