// gMock matchers for absl::Status and absl::StatusOr, written once for the
// whole test suite (Debian's Abseil ships none). Names follow Abseil's so
// they can be swapped later.
//
//   EXPECT_THAT(Parse(x), IsOk());
//   EXPECT_THAT(Parse(y), StatusIs(absl::StatusCode::kInvalidArgument));
//   EXPECT_THAT(Parse(z), StatusIs(absl::StatusCode::kInvalidArgument,
//                                  HasSubstr("newline")));
#ifndef DISCLOSURE_TESTS_TESTING_STATUS_MATCHERS_H_
#define DISCLOSURE_TESTS_TESTING_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace disclosure::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::Matches(message_matcher)(std::string(s.message()));
}

}  // namespace disclosure::testing

// Asserts `rexpr` (a StatusOr) is OK and moves its value into `lhs`.
#define DN_ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                   \
  DN_ASSERT_OK_AND_ASSIGN_IMPL_(DN_TEST_CONCAT_(dn_test_statusor_, __LINE__), \
                                lhs, rexpr)
#define DN_TEST_CONCAT_INNER_(a, b) a##b
#define DN_TEST_CONCAT_(a, b) DN_TEST_CONCAT_INNER_(a, b)
#define DN_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr)   \
  auto statusor = (rexpr);                                    \
  ASSERT_TRUE(statusor.ok()) << statusor.status().ToString(); \
  lhs = *std::move(statusor)

#define DN_ASSERT_OK(expr) ASSERT_THAT((expr), ::disclosure::testing::IsOk())
#define DN_EXPECT_OK(expr) EXPECT_THAT((expr), ::disclosure::testing::IsOk())

#endif  // DISCLOSURE_TESTS_TESTING_STATUS_MATCHERS_H_
