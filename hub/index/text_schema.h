// How the hub's search index is laid out in Xapian, in one place: a
// database becomes a document (its text as n-gram terms with positions,
// text_terms.h; its filters as boolean terms; its (agency, database) order
// in a value slot; its entry's bytes as the document's data), and a search
// becomes a query over the same terms. TextIndex (text_index.h) stores and
// reads them.
#ifndef DISCLOSURE_HUB_INDEX_TEXT_SCHEMA_H_
#define DISCLOSURE_HUB_INDEX_TEXT_SCHEMA_H_

#include <string>

#include "disclosure/v1/entry.pb.h"
#include "hub/index/text_index.h"
#include "xapian.h"

namespace disclosure::hub::text_schema {

// Value slot of "<agency>\n<database>": the (agency, database) order.
inline constexpr Xapian::valueno kSortSlot = 0;
// The boolean term every document of an agency carries, before its id.
inline constexpr char kAgencyPrefix[] = "XA";

// The boolean term naming one database (unique in the index).
std::string IdTerm(const std::string& agency_id, const std::string& db_id);

// The document of database `e` of `agency_id`.
Xapian::Document BuildDocument(const std::string& agency_id,
                               const disclosure::v1::DatabaseEntry& e);

// The hit a document stands for, from its data as BuildDocument wrote it
// ("<agency>\n<database>\n<entry bytes>"), or from its kSortSlot value
// (the same without the entry, which is then left empty).
TextIndex::Hit ParseHit(const std::string& data);

// The Xapian query of `q`: every word in any of its spellings, the
// filters, and withdrawn databases left out unless asked for.
Xapian::Query BuildQuery(const TextIndex::Query& q);

}  // namespace disclosure::hub::text_schema

#endif  // DISCLOSURE_HUB_INDEX_TEXT_SCHEMA_H_
