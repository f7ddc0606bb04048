#include "hub/export/site_pages.h"

namespace disclosure::hub {

// One line per page: its renderer, defined in page_<name>.cc. The order is
// the order the pages are written in.
#define DN_SITE_PAGES(PAGE) \
  PAGE(HomePage)            \
  PAGE(DatabasesPage)       \
  PAGE(WhoPage)             \
  PAGE(LinkagesPage)        \
  PAGE(RequestsPage)        \
  PAGE(AgenciesPage)        \
  PAGE(CoveragePage)        \
  PAGE(WithholdingPage)     \
  PAGE(ConsultationsPage)   \
  PAGE(VerifyPage)

#define DN_DECLARE_PAGE(name) void name(SiteBuilder::State& s, site::Lang l);
DN_SITE_PAGES(DN_DECLARE_PAGE)
#undef DN_DECLARE_PAGE

const std::vector<SitePage>& SitePages() {
#define DN_LIST_PAGE(name) name,
  static const auto* const kPages =
      new std::vector<SitePage>{DN_SITE_PAGES(DN_LIST_PAGE)};
#undef DN_LIST_PAGE
  return *kPages;
}

#undef DN_SITE_PAGES

}  // namespace disclosure::hub
