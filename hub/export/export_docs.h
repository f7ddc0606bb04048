// The documents every export carries so that it explains itself: README.md
// (what each file holds, its columns, the spelling of codes, the counting
// rules), VERIFY.md (how an outsider checks everything, with disclosurectl
// and without it), and the .proto files of the schema under proto/.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_DOCS_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_DOCS_H_

#include <string>

#include "absl/status/status.h"
#include "hub/export/export_file.h"

namespace disclosure::hub {

absl::Status WriteExportDocs(const std::string& dir, ExportListing* listing);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_DOCS_H_
