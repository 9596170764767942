// The generated header is C++ as well as C: a C++17 program includes two of them (one with
// dynamic dims), uses the macros in constant expressions and calls both models; the
// results match the float64 reference, so the extern "C" names link to the objects.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: rnnc %examples/seed/seed.mlir -o %t.dir/seed.o
// RUN: rnnc %S/Inputs/dyn.mlir -o %t.dir/dyn.o
// RUN: %host_cc -x c++ -std=c++17 -Wall -Wextra -Werror -pedantic -I%t.dir -I%S/Inputs -c %s -o %t.dir/main.o
// RUN: %host_cc %t.dir/main.o %t.dir/seed.o %t.dir/dyn.o -o %t.dir/main -lstdc++ -lm
// RUN: %t.dir/main | FileCheck %s

// CHECK:      seed: n=80 max abs err {{.*}} OK
// CHECK-NEXT: dyn sequence: n=30 max abs err {{.*}} OK
// CHECK-NEXT: dyn last: n=10 max abs err {{.*}} OK
// CHECK-NEXT: PASS

#include "dyn.h"
#include "seed.h"

#include "reference.h"
#include "weights.h"

#include <array>
#include <cstdio>
#include <type_traits>
#include <vector>

// The macros are integer constant expressions, and the entry points have C types.
static_assert(SEED_INPUT0_SIZE == 1 * 10 * 4, "seed input size");
static_assert(SEED_OUTPUT0_RANK == 3 && SEED_NUM_DIMS == 0, "seed output rank");
static_assert(DYN_NUM_DIMS == 2 && DYN_NUM_OUTPUTS == 2, "dyn dims");
static_assert(std::is_same<decltype(&seed_run), int32_t (*)(const float *, float *)>::value,
              "seed_run signature");
static_assert(std::is_same<decltype(&dyn_run),
                           int32_t (*)(int64_t, int64_t, const float *, float *, float *)>::value,
              "dyn_run signature");

int main() {
  constexpr std::array<int64_t, SEED_INPUT0_RANK> seedShape = SEED_INPUT0_SHAPE;
  static_assert(seedShape[2] == 4, "seed input features");
  constexpr std::array<int64_t, DYN_OUTPUT0_RANK> dynShape = DYN_OUTPUT0_SHAPE;
  static_assert(dynShape[0] == -1 && dynShape[2] == 5, "dyn output shape");
  bool ok = true;

  std::array<float, SEED_INPUT0_SIZE> x{};
  std::array<float, SEED_OUTPUT0_SIZE> h{};
  std::array<double, SEED_OUTPUT0_SIZE> want{};
  ref_fill(x.data(), x.size(), 0.4);
  if (int32_t status = seed_run(x.data(), h.data()); status != RNNC_OK) {
    std::printf("FAIL: seed_run: %s\n", seed_status_message(status));
    return 1;
  }
  ref_simple_rnn(1, 10, 4, 8, x.data(), SEED_WX, SEED_WH, SEED_B, want.data(), nullptr);
  ok &= ref_check("seed", h.data(), want.data(), h.size()) != 0;

  const int64_t batch = 2, steps = 3;
  std::vector<float> dx(batch * steps * 4), seq(batch * steps * 5), last(batch * 5);
  std::vector<double> wantSeq(seq.size()), wantLast(last.size());
  ref_fill(dx.data(), dx.size(), 1.7);
  if (int32_t status = dyn_run(batch, steps, dx.data(), seq.data(), last.data());
      status != RNNC_OK) {
    std::printf("FAIL: dyn_run: %s\n", dyn_status_message(status));
    return 1;
  }
  ref_simple_rnn(batch, steps, 4, 5, dx.data(), DYN_WX, DYN_WH, DYN_B, wantSeq.data(),
                 wantLast.data());
  ok &= ref_check("dyn sequence", seq.data(), wantSeq.data(), seq.size()) != 0;
  ok &= ref_check("dyn last", last.data(), wantLast.data(), last.size()) != 0;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
