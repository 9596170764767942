// Fuzzes the legacy Keras HDF5 model reader: the input is an .h5 file (HDF5 structure,
// model_config and keras_version attributes, weights), imported and verified.
#include "compiler/Frontends/Keras/KerasImporter.h"
#include "test/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rnnc::fuzz::TempFile file(data, size, "h5");
  if (file.path().empty())
    return 0;
  auto ctx = rnnc::fuzz::makeQuietContext();
  (void)rnnc::importKerasModel(file.path(), rnnc::ImportOptions{}, *ctx);
  rnnc::fuzz::checkNoOpenHdf5Objects();
  return 0;
}
