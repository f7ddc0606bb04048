#include "core/coverage.h"

#include <cctype>
#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace disclosure {
namespace {

namespace v1 = disclosure::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::RepeatedPtrField;

constexpr v1::DataSubjectRight kArt3Rights[] = {
    v1::DATA_SUBJECT_RIGHT_QUERY_VIEW, v1::DATA_SUBJECT_RIGHT_COPY,
    v1::DATA_SUBJECT_RIGHT_CORRECT, v1::DATA_SUBJECT_RIGHT_STOP,
    v1::DATA_SUBJECT_RIGHT_DELETE};

constexpr absl::string_view kMarkers[] = {
    "待確認",   "待查證", "待補",        "待定",       "待填",
    "（範例）", "(範例)", "範例資料",    "tbd",        "todo",
    "fixme",    "xxx",    "lorem ipsum", "placeholder"};

// Names RFC 2606 and RFC 6761 reserve for examples and tests.
bool ReservedHost(absl::string_view host) {
  host = absl::StripSuffix(host, ".");
  for (absl::string_view domain : {"example.com", "example.net", "example.org"})
    if (host == domain || absl::EndsWith(host, absl::StrCat(".", domain)))
      return true;
  for (absl::string_view tld : {".example", ".test", ".invalid", ".localhost"})
    if (absl::EndsWith(host, tld) || host == tld.substr(1)) return true;
  return false;
}

// The hosts in `text`: after '@' or "://", up to the next character that
// cannot be part of a host name.
bool MentionsReservedHost(const std::string& lower) {
  for (const std::string lead : {"@", "://"}) {
    for (size_t at = lower.find(lead); at != std::string::npos;
         at = lower.find(lead, at + 1)) {
      size_t end = at + lead.size();
      while (end < lower.size() &&
             (std::isalnum(static_cast<unsigned char>(lower[end])) ||
              lower[end] == '.' || lower[end] == '-'))
        ++end;
      const size_t begin = at + lead.size();
      if (ReservedHost(absl::string_view(lower).substr(begin, end - begin)))
        return true;
    }
  }
  return false;
}

// 02-0000-0000, (02) 1111-1111, 0000-000-000: text made of a phone
// number's characters only, whose digits after the first group are one
// digit repeated.
bool PlaceholderPhone(absl::string_view text) {
  if (text.find_first_not_of("0123456789 -()+#") != absl::string_view::npos)
    return false;
  std::vector<std::string> groups;
  std::string current;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      current.push_back(c);
    } else if (!current.empty()) {
      groups.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) groups.push_back(current);
  if (groups.size() < 2) return false;
  std::string rest;
  for (size_t i = 1; i < groups.size(); ++i) rest += groups[i];
  return rest.size() >= 6 &&
         rest.find_first_not_of(rest[0]) == std::string::npos;
}

// Every non-empty string of `m`, with its path ("contact.phone",
// "specific_purposes.note"): indexes are left out, so the path names the
// spreadsheet column.
void WalkStrings(
    const Message& m, const std::string& prefix,
    const std::function<void(const std::string&, const std::string&)>& visit) {
  const auto* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path =
        prefix.empty() ? f->name() : prefix + "." + f->name();
    if (f->type() == FieldDescriptor::TYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(m, f); ++i)
          visit(path, r->GetRepeatedString(m, f, i));
      } else {
        visit(path, r->GetString(m, f));
      }
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(m, f); ++i)
          WalkStrings(r->GetRepeatedMessage(m, f, i), path, visit);
      } else {
        WalkStrings(r->GetMessage(m, f), path, visit);
      }
    }
  }
}

bool Reachable(const v1::Contact& c) {
  return !c.phone().empty() || !c.email().empty();
}

}  // namespace

std::string RightItemName(v1::DataSubjectRight right) {
  switch (right) {
    case v1::DATA_SUBJECT_RIGHT_QUERY_VIEW:
      return "query_view";
    case v1::DATA_SUBJECT_RIGHT_COPY:
      return "copy";
    case v1::DATA_SUBJECT_RIGHT_CORRECT:
      return "correct";
    case v1::DATA_SUBJECT_RIGHT_STOP:
      return "stop";
    case v1::DATA_SUBJECT_RIGHT_DELETE:
      return "delete";
    default:
      return "";
  }
}

std::string PlaceholderIn(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (absl::string_view marker_view : kMarkers) {
    const std::string marker(marker_view);
    if (!absl::StrContains(lower, marker)) continue;
    // ASCII markers count as words only: "xxx" inside "0800xxx" is no word
    // in any real text either, but "todo" inside "todos" would be.
    const size_t at = lower.find(marker);
    const bool ascii = static_cast<unsigned char>(marker[0]) < 0x80;
    const auto word_char = [&](size_t i) {
      return i < lower.size() &&
             std::isalnum(static_cast<unsigned char>(lower[i]));
    };
    if (ascii &&
        ((at > 0 && word_char(at - 1)) || word_char(at + marker.size())))
      continue;
    return std::string(text.substr(at, marker.size()));
  }
  if (MentionsReservedHost(lower) || PlaceholderPhone(text))
    return std::string(text);
  return "";
}

std::vector<MissingItem> MissingDisclosureItems(
    const v1::DatabaseEntry& e,
    const RepeatedPtrField<v1::RightsChannel>* agency_defaults) {
  std::vector<MissingItem> missing;
  // A withheld field is stated, as withheld: the coverage report counts it
  // apart, not as missing.
  std::set<std::string> withheld;
  for (const auto& w : e.withheld_fields()) withheld.insert(w.field());
  const auto need = [&](bool ok, const std::string& name,
                        const std::string& column) {
    const std::string field = absl::StartsWith(name, "rights.")
                                  ? "rights_channels"
                                  : name.substr(0, name.find('.'));
    if (!ok && withheld.count(field) == 0) missing.push_back({name, column});
  };
  need(!e.file_name().zh_tw().empty(), "file_name",
       "file_name.zh_tw");                                       // 17(1)
  need(!e.contact().unit().empty(), "contact", "contact.unit");  // Art. 17(2)
  need(e.contact().unit().empty() || Reachable(e.contact()),
       "contact.reachable", "contact.phone");
  need(!e.holding_basis().empty(), "holding_basis", "holding_basis");  // 17(3)
  need(!e.specific_purposes().empty(), "specific_purposes",
       "specific_purposes");  // Art. 17(3)
  need(!e.data_categories().empty(), "data_categories",
       "data_categories");  // Art. 17(4)
  // Arts. 3, 10, 11, 13, 14: each right, its channel, deadline and fee.
  for (v1::DataSubjectRight right : kArt3Rights) {
    bool channel = false, fee = false;
    const auto look = [&](const RepeatedPtrField<v1::RightsChannel>& list) {
      for (const v1::RightsChannel& c : list) {
        if (c.right() != right || c.deadline_days() <= 0) continue;
        channel = true;
        fee = fee || !c.fee().empty();
      }
    };
    look(e.rights_channels());
    if (agency_defaults != nullptr) look(*agency_defaults);
    const std::string name = "rights." + RightItemName(right);
    need(channel, name, "channels.right");
    if (channel) need(fee, name + ".fee", "channels.fee");
  }
  // 憲判13: an opt-out is owed where data is used beyond its purpose.
  need(e.opt_out().available() || !e.opt_out().scope().empty() ||
           e.opt_out().channel_ids_size() > 0 ||
           e.out_of_purpose_uses().empty(),
       "opt_out", "opt_out.available");
  need(!e.retention().empty(), "retention", "retention");
  need(!e.oversight().empty(), "oversight", "oversight");
  need(!e.next_review_due().empty(), "next_review_due", "next_review_due");
  need(!e.attested_by().name().empty(), "attested_by", "attested_by.name");
  need(!e.source_url().empty(), "source_url", "source_url");
  for (const auto& u : e.out_of_purpose_uses()) {
    if (u.has_withheld()) continue;
    if (u.approval_body().empty() ||
        u.legal_ground() == v1::LEGAL_GROUND_UNSPECIFIED) {
      missing.push_back(
          {"out_of_purpose_uses." + u.use_id(),
           u.approval_body().empty() ? "approval_body" : "legal_ground"});
    }
  }
  std::set<std::string> placeholders;  // one item per column
  WalkStrings(e, "", [&](const std::string& path, const std::string& value) {
    if (placeholders.count(path) || PlaceholderIn(value).empty()) return;
    placeholders.insert(path);
    missing.push_back({"placeholder:" + path, path});
  });
  if (agency_defaults != nullptr) {
    for (const v1::RightsChannel& c : *agency_defaults) {
      WalkStrings(c, "", [&](const std::string& path, const std::string& v) {
        const std::string column = "default_rights_channels." + path;
        if (placeholders.count(column) || PlaceholderIn(v).empty()) return;
        placeholders.insert(column);
        missing.push_back({"placeholder:" + column, column});
      });
    }
  }
  return missing;
}

}  // namespace disclosure
