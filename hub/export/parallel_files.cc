#include "hub/export/parallel_files.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"

namespace disclosure::hub {
namespace {

namespace fs = std::filesystem;

constexpr int kThreads = 2;

// Runs work(0) .. work(n - 1) on kThreads threads, each item once.
template <typename Work>
void ForEachParallel(size_t n, const Work& work) {
  std::atomic<size_t> next{0};
  const auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) work(i);
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < kThreads && n > 1; ++t) helpers.emplace_back(run);
  run();
  for (auto& h : helpers) h.join();
}

// Links `paths` (all in one folder); false at the first that fails, with
// `made` counting those linked.
bool LinkGroup(const std::string& from, const std::string& to,
               const std::vector<const std::string*>& paths, size_t* made) {
  std::error_code ec;
  fs::create_directories(
      fs::path(absl::StrCat(to, "/", *paths[0])).parent_path(), ec);
  for (const std::string* p : paths) {
    if (link(absl::StrCat(from, "/", *p).c_str(),
             absl::StrCat(to, "/", *p).c_str()) != 0)
      return false;
    ++*made;
  }
  return true;
}

}  // namespace

bool LinkFiles(const std::string& from, const std::string& to,
               const std::vector<std::string>& paths) {
  std::map<std::string, std::vector<const std::string*>> by_folder;
  for (const std::string& p : paths)
    by_folder[fs::path(p).parent_path().string()].push_back(&p);
  std::vector<const std::vector<const std::string*>*> groups;
  for (const auto& [folder, group] : by_folder) groups.push_back(&group);
  // The largest folders first, so the threads end together.
  std::sort(groups.begin(), groups.end(),
            [](const auto* a, const auto* b) { return a->size() > b->size(); });
  std::vector<size_t> made(groups.size(), 0);
  std::atomic<bool> failed{false};
  ForEachParallel(groups.size(), [&](size_t i) {
    if (!failed && !LinkGroup(from, to, *groups[i], &made[i])) failed = true;
  });
  if (!failed) return true;
  for (size_t i = 0; i < groups.size(); ++i) {
    for (size_t j = 0; j < made[i]; ++j)
      unlink(absl::StrCat(to, "/", *(*groups[i])[j]).c_str());
  }
  return false;
}

void RemoveTree(const std::string& dir) {
  // The folders two and three levels down (bundles/<agency>,
  // en/db/<agency>, ...) are the items: an export's files are spread over
  // them by agency.
  std::vector<fs::path> items;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_directory(ec) || e.is_symlink(ec)) continue;
    for (const auto& f : fs::directory_iterator(e.path(), ec)) {
      if (!f.is_directory(ec) || f.is_symlink(ec)) continue;
      for (const auto& g : fs::directory_iterator(f.path(), ec))
        items.push_back(g.path());
    }
  }
  ForEachParallel(items.size(), [&](size_t i) {
    std::error_code item_ec;
    fs::remove_all(items[i], item_ec);
  });
  fs::remove_all(dir, ec);
}

}  // namespace disclosure::hub
