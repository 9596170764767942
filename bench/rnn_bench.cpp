// rnnc against oneDNN, side by side in one process, on the shapes of bench/models/gen_models.py.
//
// For every shape:
//   BM_rnnc/<shape>    the rnnc-compiled <shape>_run(x, y), linked in as an object;
//   BM_rnnc_2threads/<shape>  the same model compiled with --parallel, <shape>_mt_run_parallel
//                      on librnnrt's 2-thread pool (bench/run.sh runs these on two cores);
//   BM_onednn/<shape>  oneDNN's vanilla_rnn_forward (forward_inference, eltwise_tanh),
//                      lstm_forward or lbr_gru_forward (the GRU with the reset after the
//                      recurrent product, as PyTorch and Keras 2.3+ have it), weights
//                      reordered once into the primitive's preferred (packed) format, primitives
//                      created once, only execute() timed.
// Both read the same weights and input (<shape>.bin). Before any timing, each shape is run once
// by both and the outputs are compared (|rnnc - onednn| <= 1e-5 + 1e-4 * |onednn|); on a
// mismatch a float64 reference tells which side is wrong. BM_fma_peak/{avx512,avx2} measure the
// FMA throughput of this core; BM_step_floor/h<H>/n<N>/{fixed,alternating} the hand-written
// batch-1 recurrent product over H x N weights (bench/step_floor.cpp), for the H x G*H
// recurrent weights (G gates) of every batch-1 shape.
//
// RNNC_BENCH_DUMP_DIR=DIR writes rnnc's outputs to DIR/<shape>.rnnc.f32 (for torch_bench.py).
//
// Threads: set OMP_NUM_THREADS=1 in the environment (bench/run.sh does) for oneDNN's OpenMP
// runtime. rnnc models are single-threaded.
//
// Counters: GFLOPS = 2*B*T*G*(I_l*H + H*H)*dirs summed over the layers (I_l: the layer's input
// width, G: 1, 4 or 3 gates), per second; max_abs_err / check_ok from the correctness check.
#include "bench_models.h"
#include "fma_peak.h"
#include "rnnc/rnnrt.h"
#include "step_floor.h"

#include <benchmark/benchmark.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef RNNC_BENCH_DATA_DIR
#error "RNNC_BENCH_DATA_DIR must name the directory of the generated <shape>.bin files"
#endif

namespace {

enum Cell { kSimple = 0, kLSTM = 1, kGRU = 2 };

int64_t gatesOf(int cell) { return cell == kLSTM ? 4 : cell == kGRU ? 3 : 1; }

struct LayerDir {
  std::vector<float> wx; // (I_l, G*H)
  std::vector<float> wh; // (H, G*H)
  std::vector<float> b;  // (G*H)
  std::vector<float> rb; // (G*H), a GRU's recurrent bias
};

struct ModelData {
  const BenchModel *m = nullptr;
  std::vector<int64_t> inputs;           // I_l per layer
  std::vector<std::vector<LayerDir>> ld; // [layer][dir]
  std::vector<float> x;                  // (B, T, I)
  int64_t outSize() const { return m->batch * m->timesteps * m->hidden * m->dirs; }
  double flops() const {
    double f = 0;
    for (int64_t il : inputs)
      f += 2.0 * m->batch * m->timesteps * gatesOf(m->cell) *
           (il * m->hidden + m->hidden * m->hidden) * m->dirs;
    return f;
  }
};

std::vector<float> readFloats(std::ifstream &in, size_t n, const std::string &path) {
  std::vector<float> v(n);
  if (!in.read(reinterpret_cast<char *>(v.data()), n * sizeof(float)))
    throw std::runtime_error("short read in " + path);
  return v;
}

ModelData loadModel(const BenchModel &m) {
  ModelData d;
  d.m = &m;
  std::string path = std::string(RNNC_BENCH_DATA_DIR) + "/" + m.name + ".bin";
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot open " + path);
  for (int64_t l = 0; l < m.layers; ++l) {
    int64_t il = l == 0 ? m.input : m.hidden * m.dirs;
    d.inputs.push_back(il);
    d.ld.emplace_back();
    for (int64_t k = 0; k < m.dirs; ++k) {
      LayerDir w;
      int64_t gh = gatesOf(m.cell) * m.hidden;
      w.wx = readFloats(in, il * gh, path);
      w.wh = readFloats(in, m.hidden * gh, path);
      w.b = readFloats(in, gh, path);
      if (m.cell == kGRU)
        w.rb = readFloats(in, gh, path);
      d.ld.back().push_back(std::move(w));
    }
  }
  d.x = readFloats(in, m.batch * m.timesteps * m.input, path);
  char extra;
  if (in.read(&extra, 1))
    throw std::runtime_error("trailing bytes in " + path);
  return d;
}

//===----------------------------------------------------------------------===//
// oneDNN
//===----------------------------------------------------------------------===//

dnnl::engine &engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

dnnl::stream &stream() {
  static dnnl::stream s(engine());
  return s;
}

// One RNN primitive (vanilla_rnn_forward, lstm_forward or lbr_gru_forward) over `layers`
// consecutive layers of the model.
struct OnednnStage {
  dnnl::primitive prim;
  dnnl::memory src, dst, wl, wi, bias, scratch;
};

// The model as a chain of oneDNN primitives. oneDNN's multi-layer primitive needs the same
// input width (= H) in every layer, and a multi-layer *bidirectional* primitive stacks each
// direction separately (layers l > 0 read H channels, the halves are merged once, after the
// last layer), which is not Keras / PyTorch stacking (layer l+1 reads both halves, 2H). So:
//   uni: layer 0 alone (input I), then layers 1..L-1 as one multi-layer primitive (input H);
//        a single L-layer primitive when I == H;
//   bi:  one 1-layer bidirectional_concat primitive per layer (layer l > 0 reads 2H).
// Intermediate outputs live in buffers allocated once; src/dst are oneDNN's tnc layout.
struct OnednnModel {
  std::vector<OnednnStage> stages;
  std::vector<float> srcTnc; // x converted once to (T, B, I)
  std::vector<float> dstTnc; // the last stage's output (T, B, dirs*H)
  std::string impl;          // oneDNN's implementation name per stage

  explicit OnednnModel(const ModelData &d) {
    using namespace dnnl;
    using tag = memory::format_tag;
    using dt = memory::data_type;
    const BenchModel &m = *d.m;
    const int64_t B = m.batch, T = m.timesteps, H = m.hidden, D = m.dirs;

    // Group layers into stages: [first, last).
    std::vector<std::pair<int64_t, int64_t>> groups;
    if (D == 1 && m.layers > 1 && m.input == H) {
      groups.push_back({0, m.layers});
    } else if (D == 1) {
      groups.push_back({0, 1});
      if (m.layers > 1)
        groups.push_back({1, m.layers});
    } else {
      for (int64_t l = 0; l < m.layers; ++l)
        groups.push_back({l, l + 1});
    }

    srcTnc.resize(B * T * m.input);
    for (int64_t b = 0; b < B; ++b)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t i = 0; i < m.input; ++i)
          srcTnc[(t * B + b) * m.input + i] = d.x[(b * T + t) * m.input + i];
    dstTnc.assign(B * T * D * H, 0.0f);

    memory prevDst;
    for (size_t g = 0; g < groups.size(); ++g) {
      auto [first, last] = groups[g];
      const int64_t L = last - first, SLC = d.inputs[first];
      auto dir =
          D == 2 ? rnn_direction::bidirectional_concat : rnn_direction::unidirectional_left2right;
      memory::desc srcMd({T, B, SLC}, dt::f32, tag::tnc);
      memory::desc dstMd({T, B, D * H}, dt::f32, tag::tnc);
      const int64_t G = gatesOf(m.cell), BG = m.cell == kGRU ? 4 : G;
      memory::desc wlAny({L, D, SLC, G, H}, dt::f32, tag::any);
      memory::desc wiAny({L, D, H, G, H}, dt::f32, tag::any);
      memory::desc bAny({L, D, BG, H}, dt::f32, tag::any);
      primitive_attr attr;
      attr.set_scratchpad_mode(scratchpad_mode::user);
      // The primitive descriptor of the model's cell, as the base class the memory
      // descriptors are queried from.
      rnn_primitive_desc_base pd;
      std::function<primitive()> make;
      if (m.cell == kLSTM) {
        lstm_forward::desc desc(prop_kind::forward_inference, dir, srcMd, memory::desc(),
                                memory::desc(), wlAny, wiAny, bAny, dstMd, memory::desc(),
                                memory::desc());
        lstm_forward::primitive_desc p(desc, attr, engine());
        make = [p] { return lstm_forward(p); };
        pd = p;
      } else if (m.cell == kGRU) {
        lbr_gru_forward::desc desc(prop_kind::forward_inference, dir, srcMd, memory::desc(),
                                   wlAny, wiAny, bAny, dstMd, memory::desc());
        lbr_gru_forward::primitive_desc p(desc, attr, engine());
        make = [p] { return lbr_gru_forward(p); };
        pd = p;
      } else {
        vanilla_rnn_forward::desc desc(prop_kind::forward_inference, algorithm::eltwise_tanh,
                                       dir, srcMd, memory::desc(), wlAny, wiAny, bAny, dstMd,
                                       memory::desc());
        vanilla_rnn_forward::primitive_desc p(desc, attr, engine());
        make = [p] { return vanilla_rnn_forward(p); };
        pd = p;
      }

      // User weights in ldigo / ldgo: the .bin layout per layer and direction (gates in
      // oneDNN's order: LSTM i, f, c, o and GRU u = z, r, o = h, as rnnc's). lbr_gru's
      // bias has a fourth gate, the h gate's recurrent bias, which r scales; the z and r
      // gates take the sum of both biases.
      std::vector<float> wl, wi, bb;
      for (int64_t l = first; l < last; ++l)
        for (int64_t k = 0; k < D; ++k) {
          const LayerDir &w = d.ld[l][k];
          wl.insert(wl.end(), w.wx.begin(), w.wx.end());
          wi.insert(wi.end(), w.wh.begin(), w.wh.end());
          if (m.cell != kGRU) {
            bb.insert(bb.end(), w.b.begin(), w.b.end());
            continue;
          }
          for (int64_t j = 0; j < 2 * H; ++j)
            bb.push_back(w.b[j] + w.rb[j]);
          bb.insert(bb.end(), w.b.begin() + 2 * H, w.b.end());
          bb.insert(bb.end(), w.rb.begin() + 2 * H, w.rb.end());
        }
      auto packed = [&](std::vector<float> &user, const memory::desc &want, memory::dims dims,
                        tag t) {
        memory um({dims, dt::f32, t}, engine(), user.data());
        memory pm(want, engine());
        reorder(um, pm).execute(stream(), um, pm);
        stream().wait();
        return pm;
      };
      OnednnStage s;
      s.wl = packed(wl, pd.weights_layer_desc(), {L, D, SLC, G, H}, tag::ldigo);
      s.wi = packed(wi, pd.weights_iter_desc(), {L, D, H, G, H}, tag::ldigo);
      s.bias = packed(bb, pd.bias_desc(), {L, D, BG, H}, tag::ldgo);
      s.src = g == 0 ? memory(pd.src_layer_desc(), engine(), srcTnc.data()) : prevDst;
      s.dst = g + 1 == groups.size() ? memory(pd.dst_layer_desc(), engine(), dstTnc.data())
                                     : memory(pd.dst_layer_desc(), engine());
      s.scratch = memory(pd.scratchpad_desc(), engine());
      s.prim = make();
      impl += (impl.empty() ? "" : " + ") + std::to_string(L) + "-layer " + pd.impl_info_str();
      prevDst = s.dst;
      stages.push_back(std::move(s));
    }
  }

  void run() {
    for (OnednnStage &s : stages)
      s.prim.execute(stream(), {{DNNL_ARG_SRC_LAYER, s.src},
                                {DNNL_ARG_WEIGHTS_LAYER, s.wl},
                                {DNNL_ARG_WEIGHTS_ITER, s.wi},
                                {DNNL_ARG_BIAS, s.bias},
                                {DNNL_ARG_DST_LAYER, s.dst},
                                {DNNL_ARG_SCRATCHPAD, s.scratch}});
    stream().wait();
  }

  // The output in rnnc's (B, T, dirs*H) order.
  std::vector<float> outputBtc(const BenchModel &m) const {
    const int64_t B = m.batch, T = m.timesteps, C = m.hidden * m.dirs;
    std::vector<float> y(B * T * C);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t b = 0; b < B; ++b)
        for (int64_t c = 0; c < C; ++c)
          y[(b * T + t) * C + c] = dstTnc[(t * B + b) * C + c];
    return y;
  }
};

//===----------------------------------------------------------------------===//
// float64 reference (only run when rnnc and oneDNN disagree)
//===----------------------------------------------------------------------===//

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<double> reference(const ModelData &d) {
  const BenchModel &m = *d.m;
  const int64_t B = m.batch, T = m.timesteps, H = m.hidden, D = m.dirs, G = gatesOf(m.cell);
  std::vector<double> cur(d.x.begin(), d.x.end());
  int64_t width = m.input;
  for (int64_t l = 0; l < m.layers; ++l) {
    std::vector<double> out(B * T * D * H);
    for (int64_t k = 0; k < D; ++k) {
      const LayerDir &w = d.ld[l][k];
      for (int64_t b = 0; b < B; ++b) {
        std::vector<double> h(H, 0.0), c(H, 0.0), nh(H), xa(G * H), ha(G * H);
        for (int64_t s = 0; s < T; ++s) {
          int64_t t = k == 0 ? s : T - 1 - s;
          const double *xt = &cur[(b * T + t) * width];
          // x · W + b and h · R (+ the GRU's recurrent bias), every gate.
          for (int64_t o = 0; o < G * H; ++o) {
            double xs = w.b[o], hs = m.cell == kGRU ? w.rb[o] : 0.0;
            for (int64_t i = 0; i < width; ++i)
              xs += xt[i] * w.wx[i * G * H + o];
            for (int64_t j = 0; j < H; ++j)
              hs += h[j] * w.wh[j * G * H + o];
            xa[o] = xs;
            ha[o] = hs;
          }
          for (int64_t o = 0; o < H; ++o) {
            if (m.cell == kSimple) {
              nh[o] = std::tanh(xa[o] + ha[o]);
            } else if (m.cell == kLSTM) {
              double i = sigmoid(xa[o] + ha[o]), f = sigmoid(xa[H + o] + ha[H + o]);
              double g = std::tanh(xa[2 * H + o] + ha[2 * H + o]);
              double og = sigmoid(xa[3 * H + o] + ha[3 * H + o]);
              c[o] = f * c[o] + i * g;
              nh[o] = og * std::tanh(c[o]);
            } else {
              double z = sigmoid(xa[o] + ha[o]), r = sigmoid(xa[H + o] + ha[H + o]);
              double n = std::tanh(xa[2 * H + o] + r * ha[2 * H + o]);
              nh[o] = z * h[o] + (1 - z) * n;
            }
          }
          h = nh;
          for (int64_t o = 0; o < H; ++o)
            out[(b * T + t) * D * H + k * H + o] = h[o];
        }
      }
    }
    cur = std::move(out);
    width = D * H;
  }
  return cur;
}

//===----------------------------------------------------------------------===//
// Benchmarks
//===----------------------------------------------------------------------===//

struct Entry {
  ModelData data;
  std::unique_ptr<OnednnModel> onednn;
  std::string onednnError;
  std::vector<float> y; // rnnc output buffer
  int32_t rnncStatus = 0;
  bool checkOk = false;
  double maxAbsErr = 0;
};

std::vector<std::unique_ptr<Entry>> gEntries;

bool checkEntry(Entry &e) {
  const BenchModel &m = *e.data.m;
  e.y.assign(e.data.outSize(), std::nanf(""));
  e.rnncStatus = m.run(e.data.x.data(), e.y.data());
  if (e.rnncStatus != 0) {
    std::fprintf(stderr, "CHECK %s: rnnc run returned status %d\n", m.name, e.rnncStatus);
    return false;
  }
  if (!e.onednn) {
    std::fprintf(stderr, "CHECK %s: no oneDNN result (%s)\n", m.name, e.onednnError.c_str());
    return false;
  }
  if (const char *dir = std::getenv("RNNC_BENCH_DUMP_DIR")) {
    // rnnc's output, for torch_bench.py --rnnc-outputs to compare against.
    std::ofstream out(std::string(dir) + "/" + m.name + ".rnnc.f32", std::ios::binary);
    out.write(reinterpret_cast<const char *>(e.y.data()), e.y.size() * sizeof(float));
  }
  e.onednn->run();
  std::vector<float> r = e.onednn->outputBtc(m);
  int64_t bad = 0, firstBad = -1;
  for (size_t i = 0; i < r.size(); ++i) {
    double err = std::fabs(double(e.y[i]) - double(r[i]));
    if (!(err == err))
      err = INFINITY;
    e.maxAbsErr = std::max(e.maxAbsErr, err);
    if (!(err <= 1e-5 + 1e-4 * std::fabs(double(r[i])))) {
      if (firstBad < 0)
        firstBad = int64_t(i);
      ++bad;
    }
  }
  e.checkOk = bad == 0;
  std::fprintf(stderr, "CHECK %s: %s, max |rnnc - onednn| = %.3g over %zu values (oneDNN: %s)",
               m.name, e.checkOk ? "ok" : "MISMATCH", e.maxAbsErr, r.size(),
               e.onednn->impl.c_str());
  if (!e.checkOk) {
    std::vector<double> ref = reference(e.data);
    double er = 0, eo = 0;
    for (size_t i = 0; i < r.size(); ++i) {
      er = std::max(er, std::fabs(e.y[i] - ref[i]));
      eo = std::max(eo, std::fabs(r[i] - ref[i]));
    }
    const int64_t C = m.hidden * m.dirs;
    std::fprintf(stderr,
                 "; %lld bad, first at (b=%lld, t=%lld, c=%lld): rnnc %.7g onednn %.7g "
                 "f64 %.7g; max err vs f64: rnnc %.3g, onednn %.3g",
                 (long long)bad, (long long)(firstBad / C / m.timesteps),
                 (long long)(firstBad / C % m.timesteps), (long long)(firstBad % C), e.y[firstBad],
                 r[firstBad], ref[firstBad], er, eo);
  }
  std::fprintf(stderr, "\n");
  return e.checkOk;
}

void setCounters(benchmark::State &state, const Entry &e) {
  state.counters["GFLOPS"] =
      benchmark::Counter(e.data.flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["check_ok"] = e.checkOk ? 1 : 0;
  state.counters["max_abs_err"] = e.maxAbsErr;
}

void BM_rnnc(benchmark::State &state, Entry *e) {
  const BenchModel &m = *e->data.m;
  const float *x = e->data.x.data();
  float *y = e->y.data();
  for (auto _ : state) {
    int32_t st = m.run(x, y);
    benchmark::DoNotOptimize(st);
    benchmark::ClobberMemory();
  }
  if (e->rnncStatus != 0)
    state.SkipWithError("rnnc run returned a nonzero status");
  setCounters(state, *e);
}

// The --parallel build of the same model on librnnrt's pool of `threads` threads; its
// output must be bit-identical to the 1-thread run's.
void BM_rnnc_threads(benchmark::State &state, Entry *e, rnnc_threads *pool) {
  const BenchModel &m = *e->data.m;
  std::vector<float> y(e->y.size());
  for (auto _ : state) {
    int32_t st = m.run_parallel(pool, e->data.x.data(), y.data());
    benchmark::DoNotOptimize(st);
    benchmark::ClobberMemory();
  }
  if (std::memcmp(y.data(), e->y.data(), y.size() * sizeof(float)) != 0)
    state.SkipWithError("the parallel run's output differs from the 1-thread run's");
  setCounters(state, *e);
}

void BM_onednn(benchmark::State &state, Entry *e) {
  if (!e->onednn) {
    state.SkipWithError(("oneDNN setup failed: " + e->onednnError).c_str());
    for (auto _ : state) {
    }
    return;
  }
  for (auto _ : state) {
    e->onednn->run();
    benchmark::ClobberMemory();
  }
  setCounters(state, *e);
}

void BM_fma_peak(benchmark::State &state, bool avx512) {
  const long iters = 1 << 20;
  for (auto _ : state) {
    float r = avx512 ? fma_peak_avx512(iters) : fma_peak_avx2(iters);
    benchmark::DoNotOptimize(r);
  }
  double perIter = avx512 ? fma_peak_avx512_flops_per_iter() : fma_peak_avx2_flops_per_iter();
  state.counters["GFLOPS"] =
      benchmark::Counter(perIter * iters * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

/// The hand-written product over H x N weights (N = G x H), `passes` times per iteration.
void BM_step_floor(benchmark::State &state, int h, int cols, bool alternate) {
  float *w = step_floor_weights(h, cols);
  if (!w) {
    state.SkipWithError("out of memory");
    return;
  }
  const long passes = 64;
  for (auto _ : state) {
    float r = step_floor_run(w, h, cols, passes, alternate);
    benchmark::DoNotOptimize(r);
  }
  // report.py divides the time per iteration by this.
  state.counters["passes"] = double(passes);
  step_floor_free(w);
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;

  const char *omp = std::getenv("OMP_NUM_THREADS");
  std::fprintf(stderr, "OMP_NUM_THREADS=%s, oneDNN %d.%d.%d\n", omp ? omp : "(unset)",
               dnnl_version()->major, dnnl_version()->minor, dnnl_version()->patch);

  bool allOk = true;
  for (const BenchModel &m : kBenchModels) {
    auto e = std::make_unique<Entry>();
    e->data = loadModel(m);
    try {
      e->onednn = std::make_unique<OnednnModel>(e->data);
    } catch (const dnnl::error &err) {
      e->onednnError = err.what();
    }
    allOk &= checkEntry(*e);
    gEntries.push_back(std::move(e));
  }

  if (fma_peak_avx512_available())
    benchmark::RegisterBenchmark("BM_fma_peak/avx512", BM_fma_peak, true);
  if (fma_peak_avx2_available())
    benchmark::RegisterBenchmark("BM_fma_peak/avx2", BM_fma_peak, false);
  if (step_floor_available()) {
    // One floor per batch-1 recurrent weight shape: H x G*H (G gates of the cell).
    std::vector<std::pair<int64_t, int64_t>> shapes;
    for (const BenchModel &m : kBenchModels) {
      std::pair<int64_t, int64_t> hn{m.hidden, m.hidden * (m.cell == 1 ? 4 : m.cell == 2 ? 3 : 1)};
      if (m.batch == 1 && std::find(shapes.begin(), shapes.end(), hn) == shapes.end())
        shapes.push_back(hn);
    }
    for (auto [h, n] : shapes)
      for (bool alternate : {false, true})
        benchmark::RegisterBenchmark(("BM_step_floor/h" + std::to_string(h) + "/n" +
                                      std::to_string(n) + (alternate ? "/alternating" : "/fixed"))
                                         .c_str(),
                                     BM_step_floor, int(h), int(n), alternate);
  }
  // rnnc's 2-thread runs: librnnrt's pool, when the machine has a second core to give.
  rnnc_threads *pool2 =
      std::getenv("RNNC_BENCH_NO_THREADS") ? nullptr : rnnrt_threads_create(2, nullptr);
  for (auto &e : gEntries) {
    std::string n = e->data.m->name;
    benchmark::RegisterBenchmark(("BM_rnnc/" + n).c_str(), BM_rnnc, e.get())
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_onednn/" + n).c_str(), BM_onednn, e.get())
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    if (pool2)
      benchmark::RegisterBenchmark(("BM_rnnc_2threads/" + n).c_str(), BM_rnnc_threads, e.get(),
                                   pool2)
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  rnnrt_threads_destroy(pool2);
  if (!allOk)
    std::fprintf(stderr, "rnn_bench: some outputs disagree (see CHECK lines)\n");
  return allOk ? 0 : 2;
}
