// The problem collector the validators of node/validation share (not for
// use outside this folder): it accumulates the problems of one item, each
// with its field path, index and message in English and for translation.
#ifndef DISCLOSURE_NODE_VALIDATION_COLLECTOR_H_
#define DISCLOSURE_NODE_VALIDATION_COLLECTOR_H_

#include <string>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/i18n.h"
#include "format/entry_key.h"
#include "format/utf8.h"
#include "google/protobuf/message.h"
#include "node/validation/validator.h"

namespace disclosure::node::validation_internal {

// Accumulates problems for one item, with a field path prefix.
class Collector {
 public:
  Collector(int64_t index, Problems* out) : index_(index), out_(out) {}

  // `message` is an English template marked N_(), filled by `args`.
  void Add(absl::string_view field, const char* message,
           std::vector<std::string> args = {}) {
    AddProblem(out_, index_, std::string(field),
               Message{message, std::move(args)});
  }
  // Non-empty, valid UTF-8, within the size limit. Field names are views:
  // no allocation unless there is a problem (this runs for every record).
  void Required(absl::string_view field, const std::string& value) {
    if (value.empty()) {
      Add(field, N_("is required"));
    } else {
      Text(field, value);
    }
  }
  void Text(absl::string_view field, const std::string& value) {
    if (value.size() > kMaxTextBytes) {
      Add(field, N_("is longer than $0 bytes"), {absl::StrCat(kMaxTextBytes)});
    } else if (!IsValidUtf8(value)) {
      Add(field, N_("is not valid UTF-8"));
    } else if (FindBidiControl(value) != absl::string_view::npos) {
      Add(field,
          N_("holds an invisible text-direction control (such as U+202E), "
             "which makes text display in another order than it was "
             "written; delete it"));
    }
  }
  void Date(absl::string_view field, const std::string& value, bool required) {
    if (value.empty()) {
      if (required) Add(field, N_("is required (YYYY-MM-DD)"));
    } else if (!IsValidDate(value)) {
      Add(field, N_("\"$0\" is not a date YYYY-MM-DD"), {value});
    }
  }
  // A date of an event that has happened: not after `today` (YYYY-MM-DD).
  void PastDate(absl::string_view field, const std::string& value,
                const std::string& today) {
    if (IsValidDate(value) && value > today) {
      Add(field,
          N_("\"$0\" is in the future; it records something that has "
             "happened"),
          {value});
    }
  }
  // Every enum field of `m` (recursively) holds a defined value. Field
  // paths are spelled out only for a problem: this runs for every record.
  void DefinedEnums(const google::protobuf::Message& m,
                    const std::string& prefix) {
    path_.clear();
    WalkEnums(m, prefix);
  }
  // A well-formed id (format/entry_key.h's rule).
  void Id(absl::string_view field, const std::string& id) {
    if (const char* problem = IdProblem(id)) Add(field, problem, {id});
  }
  template <typename Enum>
  void Specified(absl::string_view field, Enum value) {
    if (static_cast<int>(value) == 0) Add(field, N_("must be specified"));
  }

 private:
  // One step of the path to a field: the field, and its index if repeated
  // (-1 if not).
  struct Step {
    const google::protobuf::FieldDescriptor* field;
    int index;
  };

  void WalkEnums(const google::protobuf::Message& m,
                 const std::string& prefix) {
    using google::protobuf::FieldDescriptor;
    const auto* refl = m.GetReflection();
    for (const FieldDescriptor* f : WalkedFields(m.GetDescriptor())) {
      const bool enum_field = f->type() == FieldDescriptor::TYPE_ENUM;
      const int n = f->is_repeated()       ? refl->FieldSize(m, f)
                    : refl->HasField(m, f) ? 1
                                           : 0;
      for (int i = 0; i < n; ++i) {
        path_.push_back({f, f->is_repeated() ? i : -1});
        if (enum_field) {
          const int v = f->is_repeated() ? refl->GetRepeatedEnumValue(m, f, i)
                                         : refl->GetEnumValue(m, f);
          if (f->enum_type()->FindValueByNumber(v) == nullptr) {
            Add(PathOf(prefix), N_("$0 is not a defined value of $1"),
                {absl::StrCat(v), f->enum_type()->name()});
          }
        } else {
          WalkEnums(f->is_repeated() ? refl->GetRepeatedMessage(m, f, i)
                                     : refl->GetMessage(m, f),
                    prefix);
        }
        path_.pop_back();
      }
    }
  }
  // The enum and message fields of `d` (maps aside), in the order of the
  // message's declaration: the only fields WalkEnums visits. Listing the
  // fields a message holds asks every field of it.
  static const std::vector<const google::protobuf::FieldDescriptor*>&
  WalkedFields(const google::protobuf::Descriptor* d) {
    using google::protobuf::FieldDescriptor;
    // Node-based: a reference stays valid while the walk adds descriptors.
    thread_local absl::node_hash_map<const google::protobuf::Descriptor*,
                                     std::vector<const FieldDescriptor*>>
        cache;
    auto [it, added] = cache.try_emplace(d);
    for (int i = 0; added && i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->type() == FieldDescriptor::TYPE_ENUM ||
          (f->type() == FieldDescriptor::TYPE_MESSAGE && !f->is_map())) {
        it->second.push_back(f);
      }
    }
    return it->second;
  }
  // "prefix.a.b[2].c" for the steps in path_.
  std::string PathOf(const std::string& prefix) const {
    std::string out = prefix;
    for (const Step& s : path_) {
      absl::StrAppend(&out, out.empty() ? "" : ".", s.field->name());
      if (s.index >= 0) absl::StrAppend(&out, "[", s.index, "]");
    }
    return out;
  }

  int64_t index_;
  Problems* out_;
  std::vector<Step> path_;  // while DefinedEnums walks
};

// "field[i]".
inline std::string At(const std::string& field, int i) {
  return absl::StrCat(field, "[", i, "]");
}

}  // namespace disclosure::node::validation_internal

#endif  // DISCLOSURE_NODE_VALIDATION_COLLECTOR_H_
