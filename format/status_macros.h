// Early-return helpers for absl::Status, written once for the whole project.
//
// Debian's Abseil (20220623) has no ABSL_RETURN_IF_ERROR /
// ABSL_ASSIGN_OR_RETURN; these follow the same contract so they can be
// swapped for Abseil's when it has them.
//
//   DN_RETURN_IF_ERROR(WriteBatch(batch));
//   DN_ASSIGN_OR_RETURN(Checkpoint cp, ParseCheckpoint(text));
#ifndef DISCLOSURE_FORMAT_STATUS_MACROS_H_
#define DISCLOSURE_FORMAT_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define DN_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status dn_status_ = (expr);      \
    if (!dn_status_.ok()) return dn_status_; \
  } while (false)

#define DN_STATUS_CONCAT_INNER_(a, b) a##b
#define DN_STATUS_CONCAT_(a, b) DN_STATUS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the enclosing function, otherwise moves the value into `lhs`, which may be
// a declaration ("auto x") or an existing variable.
#define DN_ASSIGN_OR_RETURN(lhs, rexpr)                                     \
  DN_ASSIGN_OR_RETURN_IMPL_(DN_STATUS_CONCAT_(dn_statusor_, __LINE__), lhs, \
                            rexpr)

#define DN_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)    \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // DISCLOSURE_FORMAT_STATUS_MACROS_H_
