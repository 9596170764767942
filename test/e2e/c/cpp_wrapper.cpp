// The C++ wrapper <rnnc/rnnc.hpp> over two linked models (seed: static shapes; dyn: dynamic
// batch and time): it reads each model's tensors from its descriptor, derives the dims and
// output shapes from the input shapes, runs into allocated or caller-owned outputs (results
// match the float64 reference), and refuses every kind of bad tensor with a message before
// the model runs. Built twice: without exceptions (-fno-exceptions; errors are values) and
// with RNNC_HPP_EXCEPTIONS (the same errors are thrown as rnnc::Error).
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/seed.o
// RUN: rnnc %S/Inputs/dyn.mlir -o %t.dir/dyn.o
// RUN: %host_cc -x c++ -std=c++17 -fno-exceptions -Wall -Wextra -Wshadow -Werror -pedantic -I%t.dir -I%S/Inputs -I%S/../../../runtime/include -c %s -o %t.dir/main.o
// RUN: %host_cc %t.dir/main.o %t.dir/seed.o %t.dir/dyn.o -o %t.dir/main -lstdc++ -lm
// RUN: %t.dir/main | FileCheck %s
// RUN: %host_cc -x c++ -std=c++17 -DRNNC_HPP_EXCEPTIONS -Wall -Wextra -Wshadow -Werror -pedantic -I%t.dir -I%S/Inputs -I%S/../../../runtime/include -c %s -o %t.dir/main_exc.o
// RUN: %host_cc %t.dir/main_exc.o %t.dir/seed.o %t.dir/dyn.o -o %t.dir/main_exc -lstdc++ -lm
// RUN: %t.dir/main_exc | FileCheck %s --check-prefix=EXC

// The descriptors, as the wrapper reads them.
// CHECK:      model 'seed': 0 dims
// CHECK-NEXT:   input 'x' float32 [1, 10, 4] static
// CHECK-NEXT:   output 'h' float32 [1, 10, 8] static
// CHECK-NEXT: model 'dyn': 2 dims
// CHECK-NEXT:   input 'x' float32 [-1, -1, 4] dynamic
// CHECK-NEXT:   output 'output0' float32 [-1, -1, 5] dynamic
// CHECK-NEXT:   output 'output1' float32 [-1, 5] dynamic
// Allocated outputs agree with the reference.
// CHECK-NEXT: seed: n=80 max abs err {{.*}} OK
// Dims and output shapes come from the input shape.
// CHECK-NEXT: dyn dims [2, 3]; outputs [2, 3, 5] [2, 5]
// CHECK-NEXT: dyn sequence: n=30 max abs err {{.*}} OK
// CHECK-NEXT: dyn last: n=10 max abs err {{.*}} OK
// Caller-owned buffers through MutableTensorRef give the same results.
// CHECK-NEXT: dyn caller buffers: n=10 max abs err {{.*}} OK
// An empty batch runs and writes nothing.
// CHECK-NEXT: dyn empty batch: ok, outputs [0, 7, 5] [0, 5]
// Every bad tensor is refused with the tensor and the dim named; nothing runs.
// CHECK-NEXT: count: model 'seed': expected 1 input, got 2
// CHECK-NEXT: dtype: model 'seed': input 0 'x': expected float32, got float64
// CHECK-NEXT: rank: model 'seed': input 0 'x': expected rank 3 [1, 10, 4], got rank 2 [10, 4]
// CHECK-NEXT: static dim: model 'seed': input 0 'x': expected shape [1, 10, 4], got [1, 10, 3] (dim 2 must be 4)
// CHECK-NEXT: negative dim: model 'dyn': input 0 'x': dim 1 is -3 in [2, -3, 4]; dims must be >= 0
// CHECK-NEXT: short buffer: model 'seed': input 0 'x': shape [1, 10, 4] needs 160 bytes, the buffer has 156
// CHECK-NEXT: null data: model 'seed': input 0 'x': data is NULL
// CHECK-NEXT: output count: model 'dyn': expected 2 outputs, got 1
// CHECK-NEXT: output shape: model 'dyn': output 1 'output1': expected shape [2, 5] for these inputs, got [3, 5]
// CHECK-NEXT: output dtype: model 'dyn': output 0 'output0' is float32, not float64
// CHECK-NEXT: too large: model 'dyn': input 0 'x': shape [4611686018427387904, 4611686018427387904, 4] is too large
// The model's own checks come back as StatusCode::Model with its status and message.
// CHECK-NEXT: model status 1: model 'dyn': a dynamic dimension is negative or too large
// A descriptor of another ABI version is refused up front.
// CHECK-NEXT: bad model: model descriptor: ABI version 3, this header expects 2; recompile the model with a matching rnnc
// CHECK-NEXT: PASS

// With exceptions: success paths return values, failures throw rnnc::Error with the same
// message and status.
// EXC:      seed: n=80 max abs err {{.*}} OK
// EXC-NEXT: thrown: model 'seed': input 0 'x': expected shape [1, 10, 4], got [1, 10, 3] (dim 2 must be 4)
// EXC-NEXT: thrown model status 1: model 'dyn': a dynamic dimension is negative or too large
// EXC-NEXT: thrown: model descriptor: ABI version 3, this header expects 2; recompile the model with a matching rnnc
// EXC-NEXT: PASS

#include "dyn.h"
#include "seed.h"

#include <rnnc/rnnc.hpp>

#include "reference.h"
#include "weights.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

/// The same model with another ABI version, as a library built by another rnnc would have.
rnnc_model otherAbi(const rnnc_model &m) {
  rnnc_model copy = m;
  copy.abi_version = RNNC_ABI_VERSION + 1;
  return copy;
}

#ifndef RNNC_HPP_EXCEPTIONS

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t d = 0; d < shape.size(); ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}

void describe(const char *kind, const std::vector<rnnc::TensorInfo> &tensors) {
  for (const rnnc::TensorInfo &t : tensors)
    std::printf("  %s '%s' %s %s %s\n", kind, std::string(t.name).c_str(),
                rnnc::dtype_name(t.dtype), shapeText(t.shape).c_str(),
                t.is_static() ? "static" : "dynamic");
}

void describe(const rnnc::Model &model) {
  std::printf("model '%s': %d dims\n", std::string(model.name()).c_str(), model.num_dims());
  describe("input", model.inputs());
  describe("output", model.outputs());
}

bool ok = true;

void refused(const char *what, const rnnc::Status &status, rnnc::StatusCode code) {
  std::printf("%s: %s\n", what, status.message().c_str());
  if (status.ok() || status.code() != code) {
    std::printf("FAIL: %s: expected status code %d, got %d\n", what, static_cast<int>(code),
                static_cast<int>(status.code()));
    ok = false;
  }
}

int run() {
  rnnc::Model seed(seed_model), dyn(dyn_model);
  describe(seed);
  describe(dyn);

  // seed: allocate the output from the (static) shapes.
  rnnc::Tensor<float> x({1, 10, 4});
  ref_fill(x.data(), static_cast<int64_t>(x.size()), 0.4);
  auto h = seed.run<float>({x});
  if (!h) {
    std::printf("FAIL: seed: %s\n", h.status().message().c_str());
    return 1;
  }
  std::vector<double> want(80);
  ref_simple_rnn(1, 10, 4, 8, x.data(), SEED_WX, SEED_WH, SEED_B, want.data(), nullptr);
  ok &= ref_check("seed", (*h)[0].data(), want.data(), 80) != 0;

  // dyn: batch 2, 3 steps.
  rnnc::Tensor<float> dx({2, 3, 4});
  ref_fill(dx.data(), static_cast<int64_t>(dx.size()), 1.7);
  auto dims = dyn.dims({dx});
  auto shapes = dyn.output_shapes({dx});
  if (!dims || !shapes) {
    std::printf("FAIL: dyn shapes\n");
    return 1;
  }
  std::printf("dyn dims %s; outputs %s %s\n", shapeText(*dims).c_str(),
              shapeText((*shapes)[0]).c_str(), shapeText((*shapes)[1]).c_str());
  auto outs = dyn.run<float>({dx});
  if (!outs) {
    std::printf("FAIL: dyn: %s\n", outs.status().message().c_str());
    return 1;
  }
  std::vector<double> wantSeq(30), wantLast(10);
  ref_simple_rnn(2, 3, 4, 5, dx.data(), DYN_WX, DYN_WH, DYN_B, wantSeq.data(), wantLast.data());
  ok &= ref_check("dyn sequence", (*outs)[0].data(), wantSeq.data(), 30) != 0;
  ok &= ref_check("dyn last", (*outs)[1].data(), wantLast.data(), 10) != 0;

  // Caller-owned buffers: plain arrays described by MutableTensorRef.
  float seq[30], last[10];
  rnnc::Status status = dyn.run({rnnc::TensorRef::of(dx.data(), {2, 3, 4}, dx.size())},
                                {rnnc::MutableTensorRef::of(seq, {2, 3, 5}, 30),
                                 rnnc::MutableTensorRef::of(last, {2, 5}, 10)});
  if (!status.ok()) {
    std::printf("FAIL: dyn caller buffers: %s\n", status.message().c_str());
    return 1;
  }
  ok &= ref_check("dyn caller buffers", last, wantLast.data(), 10) != 0;

  rnnc::Tensor<float> none({0, 7, 4});
  auto empty = dyn.run<float>({none});
  std::printf("dyn empty batch: %s, outputs %s %s\n",
              empty ? "ok" : empty.status().message().c_str(),
              empty ? shapeText((*empty)[0].shape()).c_str() : "",
              empty ? shapeText((*empty)[1].shape()).c_str() : "");

  using Code = rnnc::StatusCode;
  refused("count", seed.run<float>({x, x}).status(), Code::InvalidArgument);
  refused("dtype", seed.run<float>({rnnc::Tensor<double>({1, 10, 4})}).status(), Code::Mismatch);
  refused("rank", seed.run<float>({rnnc::Tensor<float>({10, 4})}).status(), Code::Mismatch);
  refused("static dim", seed.run<float>({rnnc::Tensor<float>({1, 10, 3})}).status(),
          Code::Mismatch);
  refused("negative dim", dyn.run<float>({rnnc::TensorRef::of(dx.data(), {2, -3, 4})}).status(),
          Code::Mismatch);
  refused("short buffer",
          seed.run<float>({rnnc::Tensor<float>({1, 10, 4}, std::vector<float>(39))}).status(),
          Code::Mismatch);
  refused("null data",
          seed.run<float>({rnnc::TensorRef::of(static_cast<const float *>(nullptr), {1, 10, 4})})
              .status(),
          Code::InvalidArgument);
  refused("output count", dyn.run({dx}, {rnnc::MutableTensorRef::of(seq, {2, 3, 5})}),
          Code::InvalidArgument);
  refused("output shape",
          dyn.run({dx}, {rnnc::MutableTensorRef::of(seq, {2, 3, 5}),
                         rnnc::MutableTensorRef::of(last, {3, 5})}),
          Code::Mismatch);
  refused("output dtype", dyn.run<double>({dx}).status(), Code::Mismatch);
  const int64_t huge = int64_t(1) << 62;
  refused("too large", dyn.run<float>({rnnc::TensorRef::of(dx.data(), {huge, huge, 4})}).status(),
          Code::Mismatch);

  // 2^41 sequences: the wrapper finds nothing wrong; the model's own bound refuses it.
  rnnc::Status model = dyn.run({rnnc::TensorRef::of(dx.data(), {int64_t(1) << 41, 1, 4})},
                               {rnnc::MutableTensorRef::of(seq, {int64_t(1) << 41, 1, 5}),
                                rnnc::MutableTensorRef::of(last, {int64_t(1) << 41, 5})});
  std::printf("model status %d: %s\n", model.model_status(), model.message().c_str());
  ok &= model.code() == Code::Model && model.model_status() == RNNC_ERR_BAD_DIM;

  rnnc_model other = otherAbi(seed_model);
  rnnc::Model bad(other);
  refused("bad model", bad.run<float>({x}).status(), Code::BadModel);
  ok &= bad.check().code() == Code::BadModel && bad.inputs().empty();

  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

#else // RNNC_HPP_EXCEPTIONS

int run() {
  rnnc::Model seed(seed_model), dyn(dyn_model);
  rnnc::Tensor<float> x({1, 10, 4});
  ref_fill(x.data(), static_cast<int64_t>(x.size()), 0.4);
  std::vector<rnnc::Tensor<float>> h = seed.run<float>({x}).value();
  std::vector<double> want(80);
  ref_simple_rnn(1, 10, 4, 8, x.data(), SEED_WX, SEED_WH, SEED_B, want.data(), nullptr);
  bool ok = ref_check("seed", h[0].data(), want.data(), 80) != 0;

  int thrown = 0;
  try {
    (void)seed.run<float>({rnnc::Tensor<float>({1, 10, 3})});
  } catch (const rnnc::Error &e) {
    std::printf("thrown: %s\n", e.what());
    thrown += e.status().code() == rnnc::StatusCode::Mismatch;
  }
  float seq[5], last[5], in[4] = {0, 0, 0, 0};
  try {
    (void)dyn.run({rnnc::TensorRef::of(in, {int64_t(1) << 41, 1, 4})},
                  {rnnc::MutableTensorRef::of(seq, {int64_t(1) << 41, 1, 5}),
                   rnnc::MutableTensorRef::of(last, {int64_t(1) << 41, 5})});
  } catch (const rnnc::Error &e) {
    std::printf("thrown model status %d: %s\n", e.status().model_status(), e.what());
    thrown += e.status().model_status() == RNNC_ERR_BAD_DIM;
  }
  rnnc_model other = otherAbi(seed_model);
  try {
    rnnc::Model bad(other);
  } catch (const rnnc::Error &e) {
    std::printf("thrown: %s\n", e.what());
    thrown += e.status().code() == rnnc::StatusCode::BadModel;
  }
  ok &= thrown == 3;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

#endif

} // namespace

int main() { return run(); }
