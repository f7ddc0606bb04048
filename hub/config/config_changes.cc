#include "hub/config/config_changes.h"

#include <google/protobuf/util/message_differencer.h>

#include <set>

namespace disclosure::hub {
namespace {

namespace v1h = disclosure::v1::hub;

// Collects the names of the top-level fields that differ.
class ChangedFields
    : public google::protobuf::util::MessageDifferencer::Reporter {
 public:
  using SpecificField =
      google::protobuf::util::MessageDifferencer::SpecificField;
  void ReportAdded(const google::protobuf::Message&,
                   const google::protobuf::Message&,
                   const std::vector<SpecificField>& path) override {
    Note(path);
  }
  void ReportDeleted(const google::protobuf::Message&,
                     const google::protobuf::Message&,
                     const std::vector<SpecificField>& path) override {
    Note(path);
  }
  void ReportModified(const google::protobuf::Message&,
                      const google::protobuf::Message&,
                      const std::vector<SpecificField>& path) override {
    Note(path);
  }
  std::set<std::string> names;

 private:
  void Note(const std::vector<SpecificField>& path) {
    if (!path.empty() && path[0].field != nullptr) {
      names.insert(path[0].field->name());
    }
  }
};

}  // namespace

std::vector<std::string> FieldsNeedingRestart(const v1h::HubConfig& before,
                                              const v1h::HubConfig& after) {
  google::protobuf::util::MessageDifferencer diff;
  const auto* d = v1h::HubConfig::descriptor();
  diff.IgnoreField(d->FindFieldByName("agencies"));
  diff.IgnoreField(d->FindFieldByName("harvest_interval_seconds"));
  ChangedFields changed;
  diff.ReportDifferencesTo(&changed);
  diff.Compare(before, after);
  return {changed.names.begin(), changed.names.end()};
}

}  // namespace disclosure::hub
