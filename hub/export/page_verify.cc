// verify.html: how anyone checks what the site shows.
#include "absl/strings/str_cat.h"
#include "hub/export/site_builder_state.h"
#include "hub/export/site_pages.h"
#include "hub/export/verify_examples.h"

namespace disclosure::hub {

void VerifyPage(SiteBuilder::State& s, Lang l) {
  data d;
  d.set("witness_count", absl::StrCat(s.in.witnesses.size()));
  d.set("agency",
        s.registry.empty() ? std::string("AGENCY") : s.registry.begin()->first);
  d.set("go_example", std::string(kVerifyNoteGo));
  d.set("python_example", std::string(kVerifyCheckpointPy));
  s.Page(l, "verify.html", site::SiteText(l).at("how_to_verify"),
         Zh(l) ? site::kVerifyZh : site::kVerifyEn, std::move(d));
}

}  // namespace disclosure::hub
