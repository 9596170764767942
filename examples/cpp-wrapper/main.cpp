// The tutorial model (examples/seed) through the C++ wrapper: the model describes its
// inputs and outputs, run<float>() allocates the outputs from the input shapes, and a
// tensor of the wrong shape is refused with a message before the model runs.
#include "seed.h"

#include <rnnc/rnnc.hpp>

#include <cmath>
#include <cstdio>

namespace {

void describe(const char *kind, const std::vector<rnnc::TensorInfo> &tensors) {
  for (const rnnc::TensorInfo &t : tensors) {
    std::printf("%s '%.*s': %s [", kind, static_cast<int>(t.name.size()), t.name.data(),
                rnnc::dtype_name(t.dtype));
    for (size_t d = 0; d < t.shape.size(); ++d)
      std::printf(d ? ", %lld" : "%lld", static_cast<long long>(t.shape[d]));
    std::printf("]\n");
  }
}

} // namespace

int main() {
  rnnc::Model model(seed_model);
  if (!model.check().ok()) {
    std::fprintf(stderr, "%s\n", model.check().message().c_str());
    return 1;
  }
  std::printf("model '%.*s'\n", static_cast<int>(model.name().size()), model.name().data());
  describe("input", model.inputs());
  describe("output", model.outputs());

  // x[t][i] = sin(0.5 t + i), as in examples/seed/main.c.
  rnnc::Tensor<float> x({1, 10, 4});
  for (int t = 0; t < 10; ++t)
    for (int i = 0; i < 4; ++i)
      x[t * 4 + i] = static_cast<float>(std::sin(0.5 * t + i));

  rnnc::Result<std::vector<rnnc::Tensor<float>>> outputs = model.run<float>({x});
  if (!outputs) {
    std::fprintf(stderr, "%s\n", outputs.status().message().c_str());
    return 1;
  }
  const rnnc::Tensor<float> &h = (*outputs)[0];
  std::printf("h[9] =");
  for (int j = 0; j < 8; ++j)
    std::printf(" %+.6f", h[9 * 8 + j]);
  std::printf("\n");

  // Three features where the model reads four: refused, nothing runs.
  rnnc::Tensor<float> wrong({1, 10, 3});
  rnnc::Status refused = model.run<float>({wrong}).status();
  std::printf("wrong shape: %s\n", refused.message().c_str());
  return refused.ok() ? 1 : 0;
}
