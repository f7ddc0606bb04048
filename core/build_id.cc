#include "core/build_id.h"

#include <elf.h>
#include <link.h>

#include <cstring>

#include "format/encoding.h"

namespace disclosure {
namespace {

// Rounds a note's name or descriptor size up to the 4-byte alignment of
// ELF notes.
size_t Aligned(size_t n) { return (n + 3) & ~size_t{3}; }

// dl_iterate_phdr visits the main executable first; its NT_GNU_BUILD_ID
// note, if any, is copied to `*data` (a std::string). Returns nonzero to
// stop after the first object.
int ReadBuildId(struct dl_phdr_info* info, size_t, void* data) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* notes =
        reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const size_t size = ph.p_memsz;
    size_t at = 0;
    while (size - at >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) note;
      std::memcpy(&note, notes + at, sizeof(note));
      const size_t name = at + sizeof(note);
      const size_t desc = name + Aligned(note.n_namesz);
      if (desc > size || note.n_descsz > size - desc) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
          std::memcmp(notes + name, "GNU", 4) == 0) {
        *static_cast<std::string*>(data) =
            HexEncode(absl::string_view(notes + desc, note.n_descsz));
        return 1;
      }
      at = desc + Aligned(note.n_descsz);
      if (at > size) break;
    }
  }
  return 1;
}

}  // namespace

const std::string& BuildId() {
  static const std::string* const id = [] {
    auto* s = new std::string();
    dl_iterate_phdr(ReadBuildId, s);
    return s;
  }();
  return *id;
}

}  // namespace disclosure
