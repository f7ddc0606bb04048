#include "core/message_diff.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/periods.h"
#include "format/encoding.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"

namespace disclosure {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr size_t kMaxValueBytes = 200;

// Cut to about kMaxValueBytes, never inside a UTF-8 character.
std::string Shorten(std::string text) {
  if (text.size() <= kMaxValueBytes) return text;
  size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  text.resize(cut);
  return text + "...";
}

// A message on one line, Chinese kept as it is (not escaped).
std::string Text(const Message& m) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  printer.PrintToString(m, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A timestamp as staff read it, in Taipei time.
std::string TimeText(const Message& ts) {
  const auto* d = ts.GetDescriptor();
  const Reflection* r = ts.GetReflection();
  const int64_t seconds = r->GetInt64(ts, d->FindFieldByName("seconds"));
  return TaipeiDateTime(seconds);
}

bool IsTimestamp(const FieldDescriptor* f) {
  return f->message_type() != nullptr &&
         f->message_type()->full_name() == "google.protobuf.Timestamp";
}

// One value of `field` (element `index` when repeated, else -1) in words.
std::string Value(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v =
          rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
      // Bytes (hashes, roots) in hex: they are not text.
      if (f->type() == FieldDescriptor::TYPE_BYTES) v = HexEncode(v);
      return Shorten(std::move(v));
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* v = rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f);
      return v->name();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index)
                              : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index)
                              : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index)
                              : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index)
                              : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(rep ? r->GetRepeatedDouble(m, f, index)
                              : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(rep ? r->GetRepeatedFloat(m, f, index)
                              : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return Shorten(
          Text(rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f)));
  }
  return "";
}

class Differ {
 public:
  explicit Differ(size_t max) : max_(max) {}

  void Walk(const Message& a, const Message& b, const std::string& prefix) {
    const auto* d = a.GetDescriptor();
    for (int i = 0; i < d->field_count() && out_.size() < max_; ++i) {
      const FieldDescriptor* f = d->field(i);
      const std::string path =
          prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
      if (f->is_map() || !f->is_repeated()) {
        Single(a, b, f, path);
      } else {
        Repeated(a, b, f, path);
      }
    }
  }
  std::vector<FieldDifference> Take() { return std::move(out_); }

 private:
  void Single(const Message& a, const Message& b, const FieldDescriptor* f,
              const std::string& path) {
    const Reflection* ra = a.GetReflection();
    const Reflection* rb = b.GetReflection();
    if (f->is_map()) {  // maps compared whole
      std::string wa = Whole(a, f), wb = Whole(b, f);
      if (wa != wb) out_.push_back({path, std::move(wa), std::move(wb)});
      return;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const bool ha = ra->HasField(a, f), hb = rb->HasField(b, f);
      if (!ha && !hb) return;
      if (IsTimestamp(f)) {
        const std::string ta = ha ? TimeText(ra->GetMessage(a, f)) : "";
        const std::string tb = hb ? TimeText(rb->GetMessage(b, f)) : "";
        if (ta != tb) out_.push_back({path, ta, tb});
        return;
      }
      Walk(ra->GetMessage(a, f), rb->GetMessage(b, f), path);
      return;
    }
    const std::string va = Value(a, f, -1), vb = Value(b, f, -1);
    if (va != vb) out_.push_back({path, va, vb});
  }

  void Repeated(const Message& a, const Message& b, const FieldDescriptor* f,
                const std::string& path) {
    const int na = a.GetReflection()->FieldSize(a, f);
    const int nb = b.GetReflection()->FieldSize(b, f);
    for (int i = 0; i < std::max(na, nb) && out_.size() < max_; ++i) {
      const std::string at = absl::StrCat(path, "[", i, "]");
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
          (i >= na || i >= nb)) {
        // An element on one side only: its fields, against an empty one.
        const Message& empty =
            *google::protobuf::MessageFactory::generated_factory()
                 ->GetPrototype(f->message_type());
        const Reflection* ra = a.GetReflection();
        const Reflection* rb = b.GetReflection();
        Walk(i < na ? ra->GetRepeatedMessage(a, f, i) : empty,
             i < nb ? rb->GetRepeatedMessage(b, f, i) : empty, at);
      } else if (i >= na) {
        out_.push_back({at, "", Value(b, f, i)});
      } else if (i >= nb) {
        out_.push_back({at, Value(a, f, i), ""});
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Walk(a.GetReflection()->GetRepeatedMessage(a, f, i),
             b.GetReflection()->GetRepeatedMessage(b, f, i), at);
      } else if (Value(a, f, i) != Value(b, f, i)) {
        out_.push_back({at, Value(a, f, i), Value(b, f, i)});
      }
    }
  }

  static std::string Whole(const Message& m, const FieldDescriptor* f) {
    std::unique_ptr<Message> x(m.New());
    x->CopyFrom(m);
    const auto* d = m.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i) != f)
        x->GetReflection()->ClearField(x.get(), d->field(i));
    }
    return Shorten(Text(*x));
  }

  size_t max_;
  std::vector<FieldDifference> out_;
};

}  // namespace

std::vector<FieldDifference> DiffFields(const Message& a, const Message& b,
                                        size_t max) {
  Differ d(max);
  d.Walk(a, b, "");
  return d.Take();
}

}  // namespace disclosure
