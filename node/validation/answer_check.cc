// InventoryValidator::CheckAnswer: an agency's answer to a question or
// opinion from the hub's participation queue.
#include "core/periods.h"
#include "format/participation.h"
#include "node/validation/validator.h"

namespace disclosure::node {

void InventoryValidator::CheckAnswer(
    const disclosure::v1::ParticipationAnswer& answer, absl::Time now,
    Problems* out) const {
  for (const FieldProblem& p : AnswerProblems(answer, format_version_)) {
    AddProblem(out, 0, p.field, p.message);
  }
  if (IsCalendarDate(answer.answered_on()) &&
      answer.answered_on() > TaipeiDate(now)) {
    AddProblem(out, 0, "answered_on",
               {N_("\"$0\" is after today"), {answer.answered_on()}});
  }
}

}  // namespace disclosure::node
