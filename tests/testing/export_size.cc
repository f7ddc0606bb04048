#include "tests/testing/export_size.h"

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "tests/testing/hostile_node.h"
#include "tests/testing/hub_harness.h"
#include "tests/testing/sample_inventory.h"
#include "tests/testing/test_pki.h"

namespace disclosure::testing {

namespace fs = std::filesystem;
namespace v1 = disclosure::v1;

namespace {

std::vector<std::string> Ids(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(absl::StrCat("db-", i));
  return ids;
}

// The kind of an export file, for the breakdown.
std::string KindOf(const std::string& rel) {
  std::string path = rel;
  if (path.rfind("en/", 0) == 0) path = path.substr(3);
  if (path.rfind("db/", 0) == 0) return "database pages (zh+en)";
  const std::string top = path.substr(0, path.find('/'));
  if (top != path) return top + "/";
  return path;
}

}  // namespace

FederationShape HonestFederation(int databases) {
  FederationShape s{"honest: 3 agencies of sample databases", {}};
  for (const char* agency : {"mof", "moi", "mohw"})
    s.agencies[agency] = SampleEntries(agency, Ids(databases));
  return s;
}

FederationShape LinkageFlood(int databases, int linkages, bool distinct) {
  FederationShape s{
      absl::StrCat("flood: ", databases, " databases x ", linkages,
                   distinct ? " linkages to distinct outside systems"
                            : " linkages to one database"),
      {}};
  s.agencies["moi"] = SampleEntries("moi", {"id-photos"});
  auto entries = SampleEntries("mof", Ids(databases));
  for (auto& e : entries) {
    if (!e.has_database()) continue;
    auto* db = e.mutable_database();
    db->clear_linkages();
    for (int j = 0; j < linkages; ++j) {
      v1::Linkage* k = db->add_linkages();
      if (distinct) {
        k->set_external_name(absl::StrCat("x", j));
      } else {
        k->set_linked_entry_id("moi/id-photos");
      }
      k->set_direction(v1::Linkage::DIRECTION_OUTBOUND);
    }
  }
  s.agencies["mof"] = std::move(entries);
  return s;
}

FederationShape DefaultChannelFlood(int databases, int channels) {
  FederationShape s{absl::StrCat("flood: ", databases, " databases under ",
                                 channels, " agency-wide channels"),
                    {}};
  auto entries = SampleEntries("mof", Ids(databases));
  auto* profile = entries[0].mutable_agency_profile();
  const v1::RightsChannel first = profile->default_rights_channels(0);
  for (int i = 1; i < channels; ++i) {
    v1::RightsChannel* c = profile->add_default_rights_channels();
    *c = first;
    c->set_channel_id(absl::StrCat("default-", i));
    c->mutable_where()->set_unit(absl::StrCat("服務櫃檯 ", i));
  }
  s.agencies["mof"] = std::move(entries);
  return s;
}

uint64_t ExportSize::Bound() const {
  return 10 * signed_bytes + 8 * 1024 * entries + 1024 * items;
}

uint64_t RepeatedItems(const google::protobuf::Message& m) {
  const auto* r = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  uint64_t n = 0;
  for (const auto* f : fields) {
    if (f->is_repeated()) n += r->FieldSize(m, f);
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE)
      continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i)
        n += RepeatedItems(r->GetRepeatedMessage(m, f, i));
    } else {
      n += RepeatedItems(r->GetMessage(m, f));
    }
  }
  return n;
}

absl::StatusOr<ExportSize> MeasureExport(const FederationShape& shape,
                                         const std::string& dir) {
  TestPki pki(dir);
  RealClock clock;
  HubHarness hub(dir + "/hub", &pki);
  std::vector<std::unique_ptr<HostileNode>> nodes;
  ExportSize size;
  for (const auto& [agency, entries] : shape.agencies) {
    auto& node =
        nodes.emplace_back(std::make_unique<HostileNode>(&pki, agency));
    node->Publish(entries, clock.Now(), absl::Hours(72));
    for (const auto& e : entries) {
      size.signed_bytes += e.ByteSizeLong();
      size.items += RepeatedItems(e);
    }
    size.entries += entries.size();
    hub.RegisterRaw(agency, node->endpoint(), {node->vkey()});
  }
  if (absl::Status s = hub.Start(&clock); !s.ok()) return s;
  hub.hub().HarvestNow(true);
  const std::string site = dir + "/site";
  if (absl::Status s = hub.hub().Export(site, false); !s.ok()) return s;
  for (const auto& f : fs::recursive_directory_iterator(site)) {
    if (!f.is_regular_file()) continue;
    const std::string kind = KindOf(fs::relative(f.path(), site).string());
    size.by_kind[kind] += f.file_size();
    if (kind == "database pages (zh+en)") ++size.database_pages;
    size.total += f.file_size();
  }
  return size;
}

}  // namespace disclosure::testing
