#include "core/request_counts.h"

namespace disclosure {

void AddRequestCounts(const disclosure::v1::RequestCounts& from,
                      disclosure::v1::RequestCounts* to) {
  to->set_requests(to->requests() + from.requests());
  to->set_identifiers_specified(to->identifiers_specified() +
                                from.identifiers_specified());
  to->set_requests_data_produced(to->requests_data_produced() +
                                 from.requests_data_produced());
  to->set_requests_no_data(to->requests_no_data() + from.requests_no_data());
  to->set_requests_refused(to->requests_refused() + from.requests_refused());
  to->set_requests_pending(to->requests_pending() + from.requests_pending());
  to->set_subjects_notified(to->subjects_notified() + from.subjects_notified());
}

}  // namespace disclosure
