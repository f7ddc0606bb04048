#include "hub/index/text_schema.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "hub/index/text_terms.h"

namespace disclosure::hub::text_schema {
namespace {

namespace v1 = disclosure::v1;

// Positions left empty between fields, so that no phrase spans two.
constexpr uint32_t kFieldGap = 8;
// Xapian refuses terms over 245 bytes; nobody searches for words this long.
constexpr size_t kMaxTermBytes = 120;
// A prefix query word stands for at most this many words (the most
// frequent), so that "a" cannot become a query of every word.
constexpr Xapian::termcount kMaxPrefixExpansion = 64;

// Boolean term prefixes (upper case: text terms are lower case or not
// ASCII, so the two never meet).
constexpr char kIdPrefix[] = "Q";
constexpr char kCategoryPrefix[] = "XC";
constexpr char kPurposePrefix[] = "XP";
constexpr char kGroundPrefix[] = "XG";
constexpr char kOptOutPrefix[] = "XO";
constexpr char kRecipientPrefix[] = "XR";
constexpr char kWithdrawnTerm[] = "XW";

}  // namespace

std::string IdTerm(const std::string& agency_id, const std::string& db_id) {
  return absl::StrCat(kIdPrefix, agency_id, "/", db_id);
}

namespace {

// Adds the terms of `fields` to `doc` with `prefix`, a gap between fields.
void AddText(const std::vector<const std::string*>& fields,
             const std::string& prefix, Xapian::Document* doc) {
  std::vector<PositionedTerm> terms;
  uint32_t pos = 1;
  for (const std::string* f : fields) {
    pos = AppendIndexTerms(*f, pos, &terms) + kFieldGap;
  }
  for (const PositionedTerm& t : terms) {
    if (t.term.size() > kMaxTermBytes) continue;
    if (t.positional) {
      doc->add_posting(prefix + t.term, t.position);
    } else {
      doc->add_term(prefix + t.term);
    }
  }
}

}  // namespace

Xapian::Document BuildDocument(const std::string& agency_id,
                               const v1::DatabaseEntry& e) {
  Xapian::Document doc;
  const std::string key = absl::StrCat(agency_id, "\n", e.database_id());
  // "<agency>\n<database>\n<entry bytes>": ids never hold a newline.
  doc.set_data(absl::StrCat(key, "\n", e.SerializeAsString()));
  doc.add_value(kSortSlot, key);
  doc.add_boolean_term(IdTerm(agency_id, e.database_id()));
  doc.add_boolean_term(kAgencyPrefix + agency_id);
  if (e.status() == v1::ENTRY_STATUS_WITHDRAWN)
    doc.add_boolean_term(kWithdrawnTerm);
  for (const auto& c : e.data_categories())
    doc.add_boolean_term(kCategoryPrefix + c.code());
  for (const auto& p : e.specific_purposes())
    doc.add_boolean_term(kPurposePrefix + p.code());
  doc.add_boolean_term(
      absl::StrCat(kOptOutPrefix, e.opt_out().available() ? 1 : 0));
  doc.add_boolean_term(absl::StrCat(kGroundPrefix, e.art6_ground()));
  std::vector<const std::string*> text = {
      &e.database_id(),      &e.file_name().zh_tw(),
      &e.file_name().en(),   &e.description().zh_tw(),
      &e.description().en(), &e.subject_categories().zh_tw()};
  std::vector<const std::string*> recipients;
  for (const auto& u : e.out_of_purpose_uses()) {
    doc.add_boolean_term(absl::StrCat(kGroundPrefix, u.legal_ground()));
    for (const std::string* f :
         {&u.recipient_name().zh_tw(), &u.recipient_name().en()}) {
      text.push_back(f);
      recipients.push_back(f);
    }
    text.push_back(&u.purpose().zh_tw());
    text.push_back(&u.purpose().en());
  }
  // What the site's own search finds a database by too: its data category
  // codes ("C111" finds its holders) and what it is linked with.
  for (const auto& c : e.data_categories()) text.push_back(&c.code());
  for (const auto& k : e.linkages()) {
    text.push_back(&k.external_name());
    text.push_back(&k.purpose().zh_tw());
    text.push_back(&k.purpose().en());
  }
  AddText(text, "", &doc);
  AddText(recipients, kRecipientPrefix, &doc);
  return doc;
}

TextIndex::Hit ParseHit(const std::string& data) {
  TextIndex::Hit hit;
  const size_t first = data.find('\n');
  const size_t second = data.find('\n', first + 1);
  hit.agency_id = data.substr(0, first);
  if (first == std::string::npos) return hit;
  hit.database_id = data.substr(first + 1, second - first - 1);
  if (second != std::string::npos) hit.entry = data.substr(second + 1);
  return hit;
}

namespace {

// The query for one spelling of a word: a term, a prefix of words, or a
// phrase. nullopt if the spelling has nothing to search by.
std::optional<Xapian::Query> SpellingQuery(const std::string& spelling,
                                           const std::string& prefix) {
  std::vector<PositionedTerm> terms = QueryTerms(spelling);
  if (terms.empty()) return std::nullopt;
  if (terms.size() == 1) {
    const std::string term = prefix + terms[0].term.substr(0, kMaxTermBytes);
    if (IsAsciiWord(terms[0].term)) {
      // An English word also finds the words it begins: "vaccin" finds
      // "vaccination".
      return Xapian::Query(Xapian::Query::OP_WILDCARD, term,
                           kMaxPrefixExpansion,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    return Xapian::Query(term);
  }
  std::vector<Xapian::Query> phrase;
  std::vector<Xapian::Query> anywhere;
  uint32_t first = 0;
  uint32_t last = 0;
  for (const PositionedTerm& t : terms) {
    Xapian::Query term(prefix + t.term.substr(0, kMaxTermBytes));
    if (!t.positional) {
      anywhere.push_back(term);
      continue;
    }
    if (phrase.empty()) first = t.position;
    last = t.position;
    phrase.push_back(term);
  }
  if (phrase.size() > 1) {
    // In order, within the span they were written in: for the bigrams of
    // a run of characters, exactly consecutive.
    anywhere.emplace_back(Xapian::Query::OP_PHRASE, phrase.begin(),
                          phrase.end(), last - first + 1);
  } else if (phrase.size() == 1) {
    anywhere.push_back(phrase[0]);
  }
  return Xapian::Query(Xapian::Query::OP_AND, anywhere.begin(), anywhere.end());
}

// A word in any of its spellings; nullopt if none has anything to search by.
std::optional<Xapian::Query> WordQuery(
    const std::vector<std::string>& spellings, const std::string& prefix) {
  std::vector<Xapian::Query> alternatives;
  for (const std::string& s : spellings) {
    if (auto q = SpellingQuery(s, prefix)) alternatives.push_back(*q);
  }
  if (alternatives.empty()) return std::nullopt;
  if (alternatives.size() == 1) return alternatives[0];
  // One word however spelled: BM25 weighs the spellings as one term.
  return Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(),
                       alternatives.end());
}

}  // namespace

Xapian::Query BuildQuery(const TextIndex::Query& q) {
  std::vector<Xapian::Query> words;
  for (const auto& spellings : q.words) {
    if (auto w = WordQuery(spellings, "")) words.push_back(*w);
  }
  // Not Xapian::Query::MatchAll: that is one static object whose reference
  // count is not atomic, so copying it from many threads corrupts it. The
  // empty term, built per search, matches every document the same way.
  Xapian::Query query =
      words.empty()
          ? Xapian::Query(std::string())
          : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  std::vector<Xapian::Query> filters;
  if (!q.agency_id.empty()) filters.emplace_back(kAgencyPrefix + q.agency_id);
  if (!q.data_category.empty())
    filters.emplace_back(kCategoryPrefix + q.data_category);
  if (!q.specific_purpose.empty())
    filters.emplace_back(kPurposePrefix + q.specific_purpose);
  if (q.legal_ground != 0)
    filters.emplace_back(absl::StrCat(kGroundPrefix, q.legal_ground));
  if (q.opt_out_available.has_value()) {
    filters.emplace_back(
        absl::StrCat(kOptOutPrefix, *q.opt_out_available ? 1 : 0));
  }
  if (!q.recipient.empty()) {
    if (auto r = WordQuery({q.recipient}, kRecipientPrefix)) {
      filters.push_back(*r);
    }
  }
  if (!filters.empty()) {
    query = Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }
  if (!q.include_withdrawn) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(kWithdrawnTerm));
  }
  return query;
}

}  // namespace disclosure::hub::text_schema
