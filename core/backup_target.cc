#include "core/backup_target.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace disclosure {
namespace {

namespace fs = std::filesystem;

// `p` absolute, with every symlink of its existing part resolved.
fs::path Resolved(const std::string& p) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : out;
}

// True if `inner` is `outer` or lies under it.
bool Within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

absl::Status Refused(const std::string& target, const ProtectedFolder& f,
                     const std::string& how) {
  return absl::InvalidArgumentError(absl::StrCat(
      "a backup cannot go to ", target, ": it is ", how, " ", f.what, " (",
      f.path, "). Choose a folder outside it, ideally on another disk"));
}

}  // namespace

absl::Status CheckBackupTarget(const std::string& target,
                               const std::vector<ProtectedFolder>& folders) {
  if (target.empty())
    return absl::InvalidArgumentError("no backup folder given");
  const fs::path t = Resolved(target);
  for (const ProtectedFolder& f : folders) {
    if (f.path.empty()) continue;
    const fs::path link = fs::absolute(f.path).lexically_normal();
    for (const fs::path& p : {link, Resolved(f.path)}) {
      if (Within(t, p)) return Refused(target, f, "inside");
      if (Within(p, t)) return Refused(target, f, "a folder holding");
    }
    if (!f.with_versions) continue;
    // The export's versions live beside its link; the first folder of the
    // target under that parent must not be named like one of them.
    const fs::path parent = Resolved(link.parent_path().string());
    if (!Within(t, parent) || t == parent) continue;
    const std::string first = t.lexically_relative(parent).begin()->string();
    const std::string name = link.filename().string();
    if (absl::StartsWith(first, name + "-") ||
        absl::StartsWith(first, "." + name + "-") ||
        absl::StartsWith(first, "." + name + ".")) {
      return Refused(target, f, "named like a version of");
    }
  }
  return absl::OkStatus();
}

}  // namespace disclosure
