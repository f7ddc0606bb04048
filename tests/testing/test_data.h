// Access to tests/testdata: files and JSON test vectors. Tests run with the
// source root as working directory (see cmake/DisclosureHelpers.cmake).
#ifndef DISCLOSURE_TESTS_TESTING_TEST_DATA_H_
#define DISCLOSURE_TESTS_TESTING_TEST_DATA_H_

#include <string>

#include "google/protobuf/struct.pb.h"

namespace disclosure::testing {

// The content of tests/testdata/<name>; aborts the test binary if missing.
std::string ReadTestData(const std::string& name);

// tests/testdata/<name> parsed as JSON (via protobuf's JSON parser, so tests
// need no other JSON library).
google::protobuf::Value ReadJsonTestData(const std::string& name);

// Convenience accessors that abort on a type mismatch.
const google::protobuf::Value& Field(const google::protobuf::Value& v,
                                     const std::string& key);
std::string Str(const google::protobuf::Value& v, const std::string& key);
double Num(const google::protobuf::Value& v, const std::string& key);
// Hex string field decoded to bytes.
std::string HexBytes(const google::protobuf::Value& v, const std::string& key);

// A fresh, empty temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace disclosure::testing

#endif  // DISCLOSURE_TESTS_TESTING_TEST_DATA_H_
