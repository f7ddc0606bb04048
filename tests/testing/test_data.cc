#include "tests/testing/test_data.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/file_util.h"
#include "format/encoding.h"
#include "google/protobuf/util/json_util.h"

namespace disclosure::testing {
namespace {

[[noreturn]] void Die(const std::string& msg) {
  std::cerr << "test data: " << msg << std::endl;
  std::abort();
}

}  // namespace

std::string ReadTestData(const std::string& name) {
  auto content = ReadFile("tests/testdata/" + name, 64 << 20);
  if (!content.ok()) Die(std::string(content.status().message()));
  return *content;
}

google::protobuf::Value ReadJsonTestData(const std::string& name) {
  google::protobuf::Value v;
  auto s = google::protobuf::util::JsonStringToMessage(ReadTestData(name), &v);
  if (!s.ok()) Die(name + ": " + s.ToString());
  return v;
}

const google::protobuf::Value& Field(const google::protobuf::Value& v,
                                     const std::string& key) {
  const auto& fields = v.struct_value().fields();
  auto it = fields.find(key);
  if (it == fields.end()) Die("missing field " + key);
  return it->second;
}

std::string Str(const google::protobuf::Value& v, const std::string& key) {
  return Field(v, key).string_value();
}

double Num(const google::protobuf::Value& v, const std::string& key) {
  return Field(v, key).number_value();
}

std::string HexBytes(const google::protobuf::Value& v, const std::string& key) {
  auto bytes = HexDecode(Str(v, key));
  if (!bytes.ok()) Die("field " + key + " is not hex");
  return *bytes;
}

TempDir::TempDir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "dn-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) Die("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace disclosure::testing
