// libFuzzer target for the participation intake's masking (anyone's text
// reaches it): any valid UTF-8 input must come out valid UTF-8 with nothing
// left to mask, so a second pass masks nothing (a number the first pass
// missed would be shown to the public).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "format/utf8.h"
#include "hub/participation/masking.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (!disclosure::IsValidUtf8(input)) return 0;  // the intake refuses it
  const disclosure::hub::MaskedText once =
      disclosure::hub::MaskPersonalNumbers(input);
  if (!disclosure::IsValidUtf8(once.text)) std::abort();
  if (once.count == 0 && once.text != input) std::abort();
  if (disclosure::hub::MaskPersonalNumbers(once.text).count != 0) std::abort();
  return 0;
}
