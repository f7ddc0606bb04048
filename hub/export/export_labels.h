// Names for the codes of the export: enum values (core/enum_labels.h) and
// the official code lists (core/vocabulary.h) the hub was configured with.
#ifndef DISCLOSURE_HUB_EXPORT_EXPORT_LABELS_H_
#define DISCLOSURE_HUB_EXPORT_EXPORT_LABELS_H_

#include <string>

#include "core/vocabulary.h"
#include "disclosure/v1/database.pb.h"
#include "disclosure/v1/export.pb.h"

namespace disclosure::hub {

// The names of one enum value ("" names when unknown).
disclosure::v1::Label EnumValueLabel(const std::string& value_name);

// labels.json: every enum value of the schema and every code of the lists
// (`vocab` may be null: no code names then).
disclosure::v1::ExportLabels AllLabels(const Vocabularies* vocab);

// The names of the specific purposes and data categories `entry` uses,
// keyed by code. A code missing from the lists gets the name the agency
// wrote beside it (CodeRef.name_zh), if any.
google::protobuf::Map<std::string, disclosure::v1::Label> EntryLabels(
    const disclosure::v1::DatabaseEntry& entry, const Vocabularies* vocab);

}  // namespace disclosure::hub

#endif  // DISCLOSURE_HUB_EXPORT_EXPORT_LABELS_H_
