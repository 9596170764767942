// Fuzzes the Keras JSON config parser and model builder: the input is a model.to_json()
// config, built against a fixed small save_weights file (RNNC_FUZZ_WEIGHTS).
#include "compiler/Frontends/Keras/KerasImporter.h"
#include "test/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rnnc::fuzz::TempFile file(data, size, "json");
  if (file.path().empty())
    return 0;
  auto ctx = rnnc::fuzz::makeQuietContext();
  (void)rnnc::importKerasModel(file.path(), rnnc::ImportOptions{RNNC_FUZZ_WEIGHTS}, *ctx);
  rnnc::fuzz::checkNoOpenHdf5Objects();
  return 0;
}
