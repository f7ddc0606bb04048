#include "hub/export/export_labels.h"

#include <google/protobuf/descriptor.h>

#include "core/enum_labels.h"

namespace disclosure::hub {

namespace v1 = disclosure::v1;

v1::Label EnumValueLabel(const std::string& value_name) {
  const EnumLabel l = LabelOf(value_name);
  v1::Label out;
  out.set_zh_tw(std::string(l.zh_tw));
  out.set_en(std::string(l.en));
  return out;
}

namespace {

v1::Label FromVocabulary(const Vocabulary::Names& n) {
  v1::Label out;
  out.set_zh_tw(n.zh_tw);
  out.set_en(n.en);
  return out;
}

void AddCodes(const google::protobuf::RepeatedPtrField<v1::CodeRef>& refs,
              const Vocabulary* list,
              google::protobuf::Map<std::string, v1::Label>* out) {
  for (const v1::CodeRef& ref : refs) {
    v1::Label label;
    if (list != nullptr && list->Contains(ref.code())) {
      label = FromVocabulary(list->NamesOf(ref.code()));
    } else {
      label.set_zh_tw(ref.name_zh());
    }
    (*out)[ref.code()] = label;
  }
}

}  // namespace

v1::ExportLabels AllLabels(const Vocabularies* vocab) {
  v1::ExportLabels labels;
  for (const auto* e : PublicEnums()) {
    for (int i = 0; i < e->value_count(); ++i) {
      if (e->value(i)->number() == 0) continue;
      (*labels.mutable_enums())[e->value(i)->name()] =
          EnumValueLabel(e->value(i)->name());
    }
  }
  if (vocab == nullptr) return labels;
  for (const auto& [code, names] : vocab->specific_purposes.all())
    (*labels.mutable_specific_purposes())[code] = FromVocabulary(names);
  for (const auto& [code, names] : vocab->data_categories.all())
    (*labels.mutable_data_categories())[code] = FromVocabulary(names);
  return labels;
}

google::protobuf::Map<std::string, v1::Label> EntryLabels(
    const v1::DatabaseEntry& entry, const Vocabularies* vocab) {
  google::protobuf::Map<std::string, v1::Label> out;
  AddCodes(entry.specific_purposes(),
           vocab ? &vocab->specific_purposes : nullptr, &out);
  AddCodes(entry.data_categories(), vocab ? &vocab->data_categories : nullptr,
           &out);
  return out;
}

}  // namespace disclosure::hub
