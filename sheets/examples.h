// Filled-in, synthetic examples used by `disclosurectl template` so a
// spreadsheet user sees what every column expects.
#ifndef DISCLOSURE_SHEETS_EXAMPLES_H_
#define DISCLOSURE_SHEETS_EXAMPLES_H_

#include "disclosure/v1/agency.pb.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/request.pb.h"

namespace disclosure::sheets {

disclosure::v1::AgencyProfile ExampleProfile();
// Modelled on the NHI research database (docs/domain.md, "Sample data");
// synthetic.
disclosure::v1::DatabaseEntry ExampleDatabase();
disclosure::v1::ProviderRequestRecord ExampleRequest();
// One withheld field of the example database (format 2): its record
// sources, under 政府資訊公開法 §18(1) item 3.
disclosure::v1::WithheldField ExampleWithheldField();

}  // namespace disclosure::sheets

#endif  // DISCLOSURE_SHEETS_EXAMPLES_H_
