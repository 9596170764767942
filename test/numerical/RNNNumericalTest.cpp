// End-to-end numerical tests: each test writes a model in the `rnn` dialect, compiles it
// with `rnnc --emit=shared`, loads the shared library, runs it through its descriptor
// (runtime/include/rnnc/model_abi.h) on float32 data and compares every output element
// with the float64 reference (reference.h) to |got - expected| <= 1e-5 + 1e-4 |expected|.
//
// Each test compiles one model (some with several layers and results; the dynamic-shape
// tests run theirs on several input shapes), so ctest -j spreads the rnnc runs over cores.
//
// Environment: RNNC_NUMERICAL_COMPILER overrides the rnnc binary; RNNC_NUMERICAL_KEEP=1
// keeps every model's directory (failed ones are always kept). RNNC_NUMERICAL_TARGET runs
// the models compiled for another target: x86-64-v2 or x86-64-v3 (--target-cpu, run here:
// the code paths for narrower vectors), or aarch64 (--target-triple, linked with
// cross_run.c and run under an emulator; the host build of the same model supplies the
// descriptor the test reads shapes from).
#include "reference.h"
#include "runtime/include/rnnc/model_abi.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#ifndef RNNC_PATH
#error "RNNC_PATH must name the rnnc binary"
#endif

namespace fs = std::filesystem;
using rnnref::Activation;
using rnnref::ActivationKind;
using rnnref::Direction;
using rnnref::MergeMode;
using rnnref::SequenceControl;
using rnnref::Tensor;

namespace {

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

constexpr int64_t kDyn = -1;
// The float32-vs-float64 bound of the project's RNN semantics (Numerics); fixed, never widened.
constexpr double kAbsTol = 1e-5, kRelTol = 1e-4;

/// A deterministic generator (splitmix64), identical on every platform.
class Rng {
public:
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 11) * 0x1p-53; }

private:
  uint64_t state;
};

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Float32 values and their float64 twin, the only thing the reference reads.
struct Data {
  std::vector<int64_t> shape;
  std::vector<float> values;
  Tensor ref() const {
    Tensor t(shape);
    for (size_t i = 0; i < values.size(); ++i)
      t.data[i] = values[i];
    return t;
  }
};

Data randomData(Rng &rng, std::vector<int64_t> shape, double lo, double hi) {
  Data d{std::move(shape), {}};
  d.values.resize(product(d.shape));
  for (float &v : d.values)
    v = float(rng.uniform(lo, hi));
  return d;
}

/// One directional layer's weights, scaled so that the recurrence is contractive and the
/// pre-activations are O(0.5): outputs neither vanish nor saturate.
struct Layer {
  Data kernel, recurrent;
  std::optional<Data> bias, initialState;
  int64_t units() const { return kernel.shape[1]; }
  rnnref::LayerParams params() const {
    rnnref::LayerParams p{kernel.ref(), recurrent.ref(), std::nullopt, std::nullopt};
    if (bias)
      p.bias = bias->ref();
    if (initialState)
      p.initialState = initialState->ref();
    return p;
  }
};

struct LayerOptions {
  bool bias = true;
  int64_t initialStateBatch = 0; // > 0: an initial state (batch, units)
};

Layer randomLayer(Rng &rng, int64_t inputDim, int64_t units, LayerOptions o = {}) {
  Layer l;
  double k = 1.0 / std::sqrt(double(inputDim)), r = 0.5 / std::sqrt(double(units));
  l.kernel = randomData(rng, {inputDim, units}, -k, k);
  l.recurrent = randomData(rng, {units, units}, -r, r);
  if (o.bias)
    l.bias = randomData(rng, {units}, -0.2, 0.2);
  if (o.initialStateBatch > 0)
    l.initialState = randomData(rng, {o.initialStateBatch, units}, -0.8, 0.8);
  return l;
}

//===----------------------------------------------------------------------===//
// Writing models in the rnn dialect
//===----------------------------------------------------------------------===//

std::string tensorType(const std::vector<int64_t> &shape, const std::string &element = "f32") {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += (d == kDyn ? std::string("?") : std::to_string(d)) + "x";
  return s + element + ">";
}

/// A float literal MLIR reads back to the same float32 (9 significant digits).
std::string floatLiteral(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  std::string s = buf;
  if (s.find_first_of(".ni") == std::string::npos) {
    size_t e = s.find('e');
    s.insert(e == std::string::npos ? s.size() : e, ".0");
  }
  return s;
}

template <typename Fn>
void nestedLiteral(std::ostringstream &os, const std::vector<int64_t> &shape, size_t dim,
                   int64_t &index, Fn &&element) {
  if (dim == shape.size()) {
    os << element(index++);
    return;
  }
  os << '[';
  for (int64_t i = 0; i < shape[dim]; ++i) {
    if (i)
      os << ", ";
    nestedLiteral(os, shape, dim + 1, index, element);
  }
  os << ']';
}

template <typename Fn> std::string denseLiteral(const std::vector<int64_t> &shape, Fn &&element) {
  std::ostringstream os;
  int64_t index = 0;
  nestedLiteral(os, shape, 0, index, element);
  return "dense<" + os.str() + ">";
}

std::string activationAttr(const Activation &a) {
  static const char *names[] = {
      "tanh",       "sigmoid",          "relu",        "linear",       "affine",
      "leaky_relu", "thresholded_relu", "scaled_tanh", "hard_sigmoid", "elu",
      "softsign",   "softplus",         "selu"};
  std::string s = std::string("#rnn.activation<") + names[int(a.kind)];
  switch (a.kind) {
  case ActivationKind::Affine:
  case ActivationKind::ScaledTanh:
  case ActivationKind::HardSigmoid:
    s += ", alpha = " + floatLiteral(a.alpha) + ", beta = " + floatLiteral(a.beta);
    break;
  case ActivationKind::LeakyRelu:
  case ActivationKind::ThresholdedRelu:
  case ActivationKind::Elu:
    s += ", alpha = " + floatLiteral(a.alpha);
    break;
  default:
    break;
  }
  return s + ">";
}

const char *directionName(Direction d) {
  return d == Direction::Forward ? "forward" : d == Direction::Reverse ? "reverse" : "go_backwards";
}

const char *mergeName(MergeMode m) {
  static const char *names[] = {"concat", "sum", "mul", "ave", "none"};
  return names[int(m)];
}

/// A value of the model being written: its SSA name, declared shape (kDyn for dynamic
/// dims) and element type, and for float values what the reference says it holds.
struct Value {
  std::string ssa;
  std::vector<int64_t> shape;
  std::string element = "f32";
  Tensor ref;
  std::string type() const { return tensorType(shape, element); }
};

/// A run-time input or output buffer.
struct HostTensor {
  rnnc_dtype dtype = RNNC_DTYPE_F32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> bytes;

  template <typename T>
  static HostTensor of(rnnc_dtype dtype, std::vector<int64_t> shape, const std::vector<T> &values) {
    HostTensor h{dtype, std::move(shape), {}};
    h.bytes.resize(values.size() * sizeof(T));
    std::memcpy(h.bytes.data(), values.data(), h.bytes.size());
    return h;
  }
};

/// The model text and, alongside, its run-time inputs and expected outputs.
class Model {
public:
  explicit Model(std::string name) : name(std::move(name)) {}

  /// A float32 argument declared with `declared` (kDyn dims allowed), fed `data`.
  Value input(const Data &data, std::vector<int64_t> declared) {
    Value v{arg(tensorType(declared)), declared, "f32", data.ref()};
    inputs.push_back(HostTensor::of(RNNC_DTYPE_F32, data.shape, data.values));
    return v;
  }
  Value input(const Data &data) { return input(data, data.shape); }

  /// ONNX sequence_lens as an argument (i32 or i64), length dim possibly dynamic.
  Value lengthsInput(const std::vector<int64_t> &lengths, bool i64, bool dynamicBatch) {
    std::vector<int64_t> declared = {dynamicBatch ? kDyn : int64_t(lengths.size())};
    Value v{arg(tensorType(declared, i64 ? "i64" : "i32")), declared, i64 ? "i64" : "i32", {}};
    std::vector<int64_t> shape = {int64_t(lengths.size())};
    if (i64)
      inputs.push_back(HostTensor::of(RNNC_DTYPE_I64, shape, lengths));
    else
      inputs.push_back(HostTensor::of(RNNC_DTYPE_I32, shape,
                                      std::vector<int32_t>(lengths.begin(), lengths.end())));
    return v;
  }

  Value constant(const Data &data) {
    Value v{fresh(), data.shape, "f32", data.ref()};
    body << "  " << v.ssa << " = arith.constant "
         << denseLiteral(data.shape, [&](int64_t i) { return floatLiteral(data.values[i]); })
         << " : " << v.type() << "\n";
    return v;
  }

  Value lengthsConstant(const std::vector<int64_t> &lengths) {
    std::vector<int64_t> shape = {int64_t(lengths.size())};
    Value v{fresh(), shape, "i32", {}};
    body << "  " << v.ssa << " = arith.constant "
         << denseLiteral(shape, [&](int64_t i) { return std::to_string(lengths[i]); }) << " : "
         << v.type() << "\n";
    return v;
  }

  Value maskConstant(const std::vector<bool> &mask, int64_t batch, int64_t steps) {
    std::vector<int64_t> shape = {batch, steps};
    Value v{fresh(), shape, "i1", {}};
    body << "  " << v.ssa << " = arith.constant "
         << denseLiteral(shape, [&](int64_t i) { return mask[i] ? "true" : "false"; }) << " : "
         << v.type() << "\n";
    return v;
  }

  /// rnn.mask over features (a Keras `Masking(0.0)` layer).
  Value featureMask(const Value &x) {
    Value v{fresh(), {x.shape[0], x.shape[1]}, "i1", {}};
    body << "  " << v.ssa << " = rnn.mask " << x.ssa << " {padding = 0.0 : f32} : " << x.type()
         << " -> " << v.type() << "\n";
    return v;
  }

  /// Emits `results = <text>`; returns the result names.
  std::vector<std::string> op(size_t numResults, const std::string &text) {
    std::vector<std::string> names;
    for (size_t i = 0; i < numResults; ++i)
      names.push_back(fresh());
    body << "  ";
    for (size_t i = 0; i < names.size(); ++i)
      body << (i ? ", " : "") << names[i];
    body << " = " << text << "\n";
    return names;
  }

  void output(const Value &v) { outputs.push_back(v); }

  std::string text() const {
    std::ostringstream os;
    os << "func.func @" << name << "(";
    for (size_t i = 0; i < arguments.size(); ++i)
      os << (i ? ", " : "") << "%arg" << i << ": " << arguments[i];
    os << ") -> (";
    for (size_t i = 0; i < outputs.size(); ++i)
      os << (i ? ", " : "") << outputs[i].type();
    os << ") {\n" << body.str() << "  return ";
    for (size_t i = 0; i < outputs.size(); ++i)
      os << (i ? ", " : "") << outputs[i].ssa;
    os << " : ";
    for (size_t i = 0; i < outputs.size(); ++i)
      os << (i ? ", " : "") << outputs[i].type();
    os << "\n}\n";
    return os.str();
  }

  std::string name;
  /// More rnnc options (e.g. --weight-precision), appended to every compile of the model.
  std::string flags;
  std::vector<HostTensor> inputs;
  std::vector<Value> outputs;
  rnnref::RunStats stats;

private:
  std::string arg(const std::string &type) {
    arguments.push_back(type);
    return "%arg" + std::to_string(arguments.size() - 1);
  }
  std::string fresh() { return "%v" + std::to_string(next++); }

  std::vector<std::string> arguments;
  std::ostringstream body;
  int next = 0;
};

/// What a layer op takes besides its weights.
struct OpSpec {
  Activation act{ActivationKind::Tanh};
  std::optional<Activation> backwardAct; // bidirectional only
  Direction direction = Direction::Forward;
  MergeMode merge = MergeMode::Concat;
  std::optional<float> clip;
  bool sequence = true, last = false;
  std::optional<Value> lengths, mask; // operands, if any
  SequenceControl control;            // the same lengths / mask / clip, for the reference
};

std::string layerOperands(Model &m, const Layer &l) {
  Value k = m.constant(l.kernel), r = m.constant(l.recurrent);
  std::string s =
      "kernel(" + k.ssa + " : " + k.type() + ") recurrent(" + r.ssa + " : " + r.type() + ")";
  if (l.bias) {
    Value b = m.constant(*l.bias);
    s += " bias(" + b.ssa + " : " + b.type() + ")";
  }
  if (l.initialState) {
    Value h = m.constant(*l.initialState);
    s += " initial_state(" + h.ssa + " : " + h.type() + ")";
  }
  return s;
}

std::string controlOperands(const OpSpec &spec) {
  std::string s;
  if (spec.lengths)
    s += " lengths(" + spec.lengths->ssa + " : " + spec.lengths->type() + ")";
  if (spec.mask)
    s += " mask(" + spec.mask->ssa + " : " + spec.mask->type() + ")";
  return s;
}

SequenceControl controlOf(const OpSpec &spec) {
  SequenceControl c = spec.control;
  if (spec.clip)
    c.clip = double(*spec.clip);
  return c;
}

/// Emits rnn.simple_rnn over x; returns (sequence, last) as requested, in that order.
std::vector<Value> simpleRNN(Model &m, const Value &x, const Layer &l, const OpSpec &spec) {
  std::string weights = layerOperands(m, l);
  std::vector<int64_t> seqShape = {x.shape[0], x.shape[1], l.units()};
  std::vector<int64_t> lastShape = {x.shape[0], l.units()};
  std::string attrs = "activation = " + activationAttr(spec.act) + ", direction = #rnn.direction<" +
                      directionName(spec.direction) + ">";
  if (spec.clip)
    attrs += ", clip = " + floatLiteral(*spec.clip) + " : f32";
  std::string results = " ->";
  if (spec.sequence)
    results += " sequence " + tensorType(seqShape);
  if (spec.last)
    results += " last " + tensorType(lastShape);
  size_t n = size_t(spec.sequence) + size_t(spec.last);
  std::vector<std::string> names =
      m.op(n, "rnn.simple_rnn " + x.ssa + " : " + x.type() + "\n      " + weights +
                  controlOperands(spec) + "\n      {" + attrs + "}" + results);

  rnnref::LayerOutputs ref =
      rnnref::simpleRNN(x.ref, l.params(), spec.act, spec.direction, controlOf(spec), &m.stats);
  std::vector<Value> out;
  if (spec.sequence)
    out.push_back({names[out.size()], seqShape, "f32", ref.sequence});
  if (spec.last)
    out.push_back({names[out.size()], lastShape, "f32", ref.last});
  return out;
}

/// Emits rnn.bidirectional over x; returns the sequence result(s), then the last one(s).
std::vector<Value> bidirectional(Model &m, const Value &x, const Layer &fw, const Layer &bw,
                                 const OpSpec &spec) {
  std::string fwOps = layerOperands(m, fw), bwOps = layerOperands(m, bw);
  bool none = spec.merge == MergeMode::None;
  int64_t width = spec.merge == MergeMode::Concat ? fw.units() + bw.units() : fw.units();
  auto shapes = [&](bool sequence) {
    std::vector<int64_t> lead =
        sequence ? std::vector<int64_t>{x.shape[0], x.shape[1]} : std::vector<int64_t>{x.shape[0]};
    std::vector<std::vector<int64_t>> s;
    for (int64_t w :
         none ? std::vector<int64_t>{fw.units(), bw.units()} : std::vector<int64_t>{width}) {
      s.push_back(lead);
      s.back().push_back(w);
    }
    return s;
  };
  std::string attrs = "activation = " + activationAttr(spec.act) +
                      ", merge_mode = #rnn.merge_mode<" + mergeName(spec.merge) + ">";
  if (spec.backwardAct)
    attrs += ", backward_activation = " + activationAttr(*spec.backwardAct);
  if (spec.clip)
    attrs += ", clip = " + floatLiteral(*spec.clip) + " : f32";
  std::vector<std::vector<int64_t>> resultShapes;
  std::string results = " ->";
  for (bool sequence : {true, false}) {
    if (sequence ? !spec.sequence : !spec.last)
      continue;
    results += sequence ? " sequence " : " last ";
    std::vector<std::vector<int64_t>> s = shapes(sequence);
    for (size_t i = 0; i < s.size(); ++i) {
      results += (i ? ", " : "") + tensorType(s[i]);
      resultShapes.push_back(s[i]);
    }
  }
  std::vector<std::string> names =
      m.op(resultShapes.size(), "rnn.bidirectional " + x.ssa + " : " + x.type() +
                                    "\n      forward " + fwOps + "\n      backward " + bwOps +
                                    controlOperands(spec) + "\n      {" + attrs + "}" + results);

  rnnref::BidirectionalOutputs ref = rnnref::bidirectional(
      x.ref, fw.params(), bw.params(), spec.act, spec.backwardAct ? *spec.backwardAct : spec.act,
      spec.merge, controlOf(spec), &m.stats);
  std::vector<Tensor> refs;
  if (spec.sequence)
    refs.insert(refs.end(), ref.sequences.begin(), ref.sequences.end());
  if (spec.last)
    refs.insert(refs.end(), ref.lasts.begin(), ref.lasts.end());
  std::vector<Value> out;
  for (size_t i = 0; i < names.size(); ++i)
    out.push_back({names[i], resultShapes[i], "f32", refs[i]});
  return out;
}

//===----------------------------------------------------------------------===//
// Compiling, loading and running
//===----------------------------------------------------------------------===//

std::string readFile(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

/// A model compiled by rnnc into a private directory and loaded with dlopen.
class CompiledModel {
public:
  ~CompiledModel() {
    if (handle)
      dlclose(handle);
    const char *keepEnv = std::getenv("RNNC_NUMERICAL_KEEP");
    if (!keep && !(keepEnv && *keepEnv == '1') && !dir.empty())
      fs::remove_all(dir);
  }

  /// Compiles and loads `text`; on failure says why (and keeps the directory).
  static std::unique_ptr<CompiledModel> compile(const std::string &name, const std::string &text,
                                                std::string &error,
                                                const std::string &flags = "") {
    auto cm = std::unique_ptr<CompiledModel>(new CompiledModel);
    std::string pattern = (fs::temp_directory_path() / ("rnnc-numerical-" + name + "-XXXXXX"));
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
      error = "mkdtemp failed for " + pattern;
      return nullptr;
    }
    cm->dir = buf.data();
    fs::path mlir = cm->dir / (name + ".mlir"), so = cm->dir / (name + ".so"),
             log = cm->dir / "rnnc.log";
    std::ofstream(mlir) << text;

    const char *override = std::getenv("RNNC_NUMERICAL_COMPILER");
    std::string rnnc = override && *override ? override : RNNC_PATH;
    const char *targetEnv = std::getenv("RNNC_NUMERICAL_TARGET");
    cm->target = targetEnv ? targetEnv : "";
    std::string cpu;
    if (cm->target == "x86-64-v2" || cm->target == "x86-64-v3")
      cpu = " --target-cpu=" + cm->target;
    else if (!cm->target.empty() && cm->target != "aarch64") {
      error =
          "RNNC_NUMERICAL_TARGET must be x86-64-v2, x86-64-v3 or aarch64, got '" + cm->target + "'";
      return nullptr;
    }
    auto sh = [&](const std::string &cmd) {
      int rc = std::system((cmd + " > '" + log.string() + "' 2>&1").c_str());
      if (rc != 0) {
        cm->keep = true;
        error = "failed (status " + std::to_string(rc) + "): " + cmd + "\n" + readFile(log) +
                "model kept in " + cm->dir.string();
      }
      return rc == 0;
    };
    if (!sh("'" + rnnc + "' '" + mlir.string() + "' --emit=shared -o '" + so.string() + "'" + cpu +
            flags))
      return nullptr;
    if (cm->target == "aarch64") {
      fs::path obj = cm->dir / "model.o";
      if (!sh("'" + rnnc + "' '" + mlir.string() +
              "' --target-triple=aarch64-linux-gnu --target-cpu=generic --name=model -o '" +
              obj.string() + "'" + flags) ||
          !sh(std::string(RNNC_AARCH64_CC) + " -O1 -I '" + cm->dir.string() + "' '" +
              RNNC_CROSS_RUN_SOURCE + "' '" + obj.string() + "' -lm -o '" +
              (cm->dir / "cross_run").string() + "'"))
        return nullptr;
    }
    cm->handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!cm->handle) {
      cm->keep = true;
      error = std::string("dlopen failed: ") + dlerror() + "\nmodel kept in " + cm->dir.string();
      return nullptr;
    }
    cm->desc = static_cast<const rnnc_model *>(dlsym(cm->handle, RNNC_MODEL_SYMBOL));
    if (!cm->desc) {
      cm->keep = true;
      error = std::string(so.string() + " exports no " RNNC_MODEL_SYMBOL "; model kept in ") +
              cm->dir.string();
      return nullptr;
    }
    return cm;
  }

  /// desc->run on the host, or the cross-compiled model in its emulator, through files.
  int32_t run(const std::vector<int64_t> &dims, const std::vector<const void *> &inputs,
              const std::vector<size_t> &inBytes, const std::vector<void *> &outputs,
              const std::vector<size_t> &outBytes, std::string &error) const {
    if (target != "aarch64") {
      int64_t noDims = 0;
      return desc->run(dims.empty() ? &noDims : dims.data(), inputs.data(), outputs.data());
    }
    fs::path in = dir / "run.in", out = dir / "run.out", log = dir / "run.log";
    {
      std::ofstream f(in, std::ios::binary);
      f.write(reinterpret_cast<const char *>(dims.data()), dims.size() * sizeof(int64_t));
      for (size_t i = 0; i < inputs.size(); ++i)
        f.write(static_cast<const char *>(inputs[i]), inBytes[i]);
    }
    std::string cmd = std::string(RNNC_AARCH64_EXEC) + " '" + (dir / "cross_run").string() + "' '" +
                      in.string() + "' '" + out.string() + "' > '" + log.string() + "' 2>&1";
    if (int rc = std::system(cmd.c_str())) {
      error = "failed (status " + std::to_string(rc) + "): " + cmd + "\n" + readFile(log);
      return -1;
    }
    std::ifstream f(out, std::ios::binary);
    int32_t status = -1;
    f.read(reinterpret_cast<char *>(&status), sizeof status);
    // Each output comes back with the guard element after it.
    for (size_t o = 0; status == RNNC_OK && o < outputs.size(); ++o)
      f.read(static_cast<char *>(outputs[o]), outBytes[o] + sizeof(float));
    if (!f) {
      error = "short output from " + cmd;
      return -1;
    }
    return status;
  }

  const rnnc_model *desc = nullptr;
  fs::path dir;
  bool keep = false;
  std::string target;

private:
  CompiledModel() = default;
  void *handle = nullptr;
};

/// Worst element of `got` against `expected` under the fixed tolerance.
::testing::AssertionResult allClose(const std::string &what, const float *got,
                                    const Tensor &expected) {
  int64_t n = expected.numel(), bad = 0, worst = -1;
  double worstRatio = -1.0, maxErr = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double e = expected.data[i], g = got[i], err = std::fabs(g - e);
    double ratio = err / (kAbsTol + kRelTol * std::fabs(e));
    if (!(ratio <= 1.0))
      ++bad;
    if (std::isnan(ratio))
      ratio = INFINITY;
    if (ratio > worstRatio)
      worstRatio = ratio, worst = i;
    if (!(err <= maxErr))
      maxErr = err;
  }
  if (bad == 0)
    return ::testing::AssertionSuccess() << what << ": max abs error " << maxErr;
  std::vector<int64_t> index(expected.shape.size());
  for (int64_t r = int64_t(index.size()) - 1, rest = worst; r >= 0; --r) {
    index[r] = rest % expected.shape[r];
    rest /= expected.shape[r];
  }
  char buf[256];
  double e = expected.data[worst], g = got[worst];
  std::snprintf(buf, sizeof buf, "got %.9g, expected %.9g, error %.3g > tolerance %.3g", g, e,
                std::fabs(g - e), kAbsTol + kRelTol * std::fabs(e));
  return ::testing::AssertionFailure()
         << what << ": " << bad << " of " << n << " elements out of tolerance; worst at index "
         << shapeString(index) << ": " << buf;
}

/// Runs a compiled model on `inputs` and compares its outputs with `expected`.
void runAndCompare(const CompiledModel &cm, const std::vector<HostTensor> &inputs,
                   const std::vector<Tensor> &expected, const std::string &label) {
  SCOPED_TRACE(label);
  const rnnc_model *d = cm.desc;
  ASSERT_EQ(d->abi_version, uint32_t(RNNC_ABI_VERSION));
  ASSERT_EQ(d->num_inputs, int32_t(inputs.size()));
  ASSERT_EQ(d->num_outputs, int32_t(expected.size()));
  ASSERT_GE(d->num_dims, 0);

  // Every dynamic input dim is one entry of `dims`; fill them from the actual shapes.
  std::vector<int64_t> dims(d->num_dims, -1);
  std::vector<const void *> inPtrs;
  std::vector<size_t> inBytes, outBytes;
  for (int32_t i = 0; i < d->num_inputs; ++i) {
    const rnnc_tensor_desc &t = d->inputs[i];
    const HostTensor &h = inputs[i];
    ASSERT_EQ(t.dtype, int32_t(h.dtype)) << "input " << i;
    ASSERT_EQ(t.rank, int32_t(h.shape.size())) << "input " << i;
    for (int32_t r = 0; r < t.rank; ++r) {
      if (t.shape[r] >= 0) {
        ASSERT_EQ(t.shape[r], h.shape[r]) << "static dim " << r << " of input " << i;
        continue;
      }
      int32_t p = t.dim_param[r];
      ASSERT_TRUE(p >= 0 && p < d->num_dims) << "dim_param of input " << i << " dim " << r;
      dims[p] = h.shape[r];
    }
    inPtrs.push_back(h.bytes.data());
    inBytes.push_back(h.bytes.size());
  }
  for (int32_t p = 0; p < d->num_dims; ++p)
    ASSERT_GE(dims[p], 0) << "dims[" << p << "] is the dim of no input";

  std::vector<std::vector<float>> outs(d->num_outputs);
  std::vector<void *> outPtrs;
  for (int32_t o = 0; o < d->num_outputs; ++o) {
    const rnnc_tensor_desc &t = d->outputs[o];
    ASSERT_EQ(t.dtype, int32_t(RNNC_DTYPE_F32)) << "output " << o;
    std::vector<int64_t> shape;
    for (int32_t r = 0; r < t.rank; ++r) {
      int64_t s = t.shape[r];
      if (s < 0) {
        ASSERT_TRUE(t.dim_param[r] >= 0 && t.dim_param[r] < d->num_dims)
            << "dim_param of output " << o << " dim " << r;
        s = dims[t.dim_param[r]];
      }
      shape.push_back(s);
    }
    ASSERT_EQ(shape, expected[o].shape) << "shape of output " << o;
    // NaN-filled, so an element the model never writes cannot pass.
    outs[o].assign(product(shape) + 1, std::nanf(""));
    outPtrs.push_back(outs[o].data());
    outBytes.push_back(product(shape) * sizeof(float));
  }
  std::string error;
  int32_t status = cm.run(dims, inPtrs, inBytes, outPtrs, outBytes, error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(status, int32_t(RNNC_OK)) << (d->status_message ? d->status_message(status) : "");
  for (int32_t o = 0; o < d->num_outputs; ++o) {
    ::testing::AssertionResult close =
        allClose("output " + std::to_string(o) + " " + shapeString(expected[o].shape),
                 outs[o].data(), expected[o]);
    if (!close)
      ADD_FAILURE() << close.message();
    EXPECT_TRUE(std::isnan(outs[o].back())) << "output " << o << " written past its end";
  }
}

std::vector<Tensor> expectedOf(const Model &m) {
  std::vector<Tensor> e;
  for (const Value &v : m.outputs)
    e.push_back(v.ref);
  return e;
}

/// Compiles `m` and checks it on its own inputs.
void check(const Model &m) {
  // A float32 model cannot reproduce a jump it lands next to: keep the data away from one.
  ASSERT_GT(m.stats.minDistanceToDiscontinuity, 1e-4)
      << "the test data sits on a discontinuity of the activation; change the seed";
  std::string error;
  std::unique_ptr<CompiledModel> cm = CompiledModel::compile(m.name, m.text(), error, m.flags);
  ASSERT_TRUE(cm) << error;
  runAndCompare(*cm, m.inputs, expectedOf(m), m.name);
  if (::testing::Test::HasFailure())
    cm->keep = true, std::cerr << "model kept in " << cm->dir << "\n";
}

std::string testName() {
  const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string s = std::string(info->test_suite_name()) + "_" + info->name();
  for (char &c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return s;
}

/// A seed derived from the test's name, so that every test has its own data.
uint64_t seedOf(const std::string &name) {
  uint64_t h = 1469598103934665603ull;
  for (char c : name)
    h = (h ^ uint64_t(static_cast<unsigned char>(c))) * 1099511628211ull;
  return h;
}

//===----------------------------------------------------------------------===//
// One layer: shapes, activations, directions
//===----------------------------------------------------------------------===//

struct Shape {
  int64_t batch, steps, inputDim, units;
};

/// One rnn.simple_rnn returning both results, over random data of the given shape.
void checkSingleLayer(Shape s, OpSpec spec, LayerOptions lo = {}) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {s.batch, s.steps, s.inputDim}, -1, 1));
  Layer l = randomLayer(rng, s.inputDim, s.units, lo);
  for (const Value &v : simpleRNN(m, x, l, spec))
    m.output(v);
  check(m);
}

OpSpec both(Activation act = {ActivationKind::Tanh}, Direction d = Direction::Forward) {
  OpSpec s;
  s.act = act;
  s.direction = d;
  s.sequence = s.last = true;
  return s;
}

struct ActivationCase {
  const char *name;
  Activation act;
};

void PrintTo(const ActivationCase &c, std::ostream *os) { *os << c.name; }

class ActivationTest : public ::testing::TestWithParam<ActivationCase> {};

TEST_P(ActivationTest, ForwardAndReverse) {
  // The forward half of a bidirectional layer and a reverse one, each with its own weights.
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {2, 10, 4}, -1, 1));
  OpSpec spec = both(GetParam().act);
  spec.backwardAct = Activation{ActivationKind::Tanh};
  spec.merge = MergeMode::None;
  Layer fw = randomLayer(rng, 4, 8), bw = randomLayer(rng, 4, 8);
  for (const Value &v : bidirectional(m, x, fw, bw, spec))
    m.output(v);
  // And a plain layer in the same model, reversed, with the activation under test.
  spec = both(GetParam().act, Direction::Reverse);
  Layer rev = randomLayer(rng, 4, 8, {true, 2});
  for (const Value &v : simpleRNN(m, x, rev, spec))
    m.output(v);
  check(m);
}

INSTANTIATE_TEST_SUITE_P(
    All, ActivationTest,
    ::testing::Values(ActivationCase{"tanh", {ActivationKind::Tanh}},
                      ActivationCase{"sigmoid", {ActivationKind::Sigmoid}},
                      ActivationCase{"relu", {ActivationKind::Relu}},
                      ActivationCase{"linear", {ActivationKind::Linear}},
                      ActivationCase{"affine", {ActivationKind::Affine, 0.75, -0.125}},
                      ActivationCase{"leaky_relu", {ActivationKind::LeakyRelu, 0.0625}},
                      ActivationCase{"thresholded_relu", {ActivationKind::ThresholdedRelu, 0.25}},
                      ActivationCase{"scaled_tanh", {ActivationKind::ScaledTanh, 1.5, 0.75}},
                      ActivationCase{"hard_sigmoid", {ActivationKind::HardSigmoid, 0.2, 0.5}},
                      ActivationCase{"elu", {ActivationKind::Elu, 0.5}},
                      ActivationCase{"softsign", {ActivationKind::Softsign}},
                      ActivationCase{"softplus", {ActivationKind::Softplus}},
                      ActivationCase{"selu", {ActivationKind::Selu}}),
    [](const ::testing::TestParamInfo<ActivationCase> &info) { return info.param.name; });

TEST(Directions, Forward) { checkSingleLayer({2, 10, 4, 8}, both()); }
TEST(Directions, Reverse) {
  checkSingleLayer({2, 10, 4, 8}, both({ActivationKind::Tanh}, Direction::Reverse));
}
TEST(Directions, GoBackwards) {
  checkSingleLayer({2, 10, 4, 8}, both({ActivationKind::Tanh}, Direction::GoBackwards));
}
TEST(Directions, GoBackwardsReluWithInitialState) {
  checkSingleLayer({3, 7, 5, 6}, both({ActivationKind::Relu}, Direction::GoBackwards), {true, 3});
}
TEST(Directions, ReverseWithInitialStateNoBias) {
  checkSingleLayer({2, 10, 4, 8}, both({ActivationKind::Tanh}, Direction::Reverse), {false, 2});
}
TEST(Directions, ForwardWithoutBias) { checkSingleLayer({2, 10, 4, 8}, both(), {false, 0}); }

TEST(Results, SequenceOnly) {
  OpSpec s = both();
  s.last = false;
  checkSingleLayer({2, 10, 4, 8}, s);
}
TEST(Results, LastOnly) {
  OpSpec s = both({ActivationKind::Tanh}, Direction::Reverse);
  s.sequence = false;
  checkSingleLayer({2, 10, 4, 8}, s);
}

TEST(Clip, TanhForward) {
  OpSpec s = both();
  s.clip = 0.25f; // below the typical pre-activation: many steps clamp
  checkSingleLayer({2, 10, 4, 8}, s);
}
TEST(Clip, ReluReverseWithInitialState) {
  OpSpec s = both({ActivationKind::Relu}, Direction::Reverse);
  s.clip = 0.375f;
  checkSingleLayer({2, 10, 4, 8}, s, {true, 2});
}
TEST(Clip, LinearGoBackwards) {
  OpSpec s = both({ActivationKind::Linear}, Direction::GoBackwards);
  s.clip = 0.5f;
  checkSingleLayer({2, 10, 4, 8}, s);
}

class UnitsTest : public ::testing::TestWithParam<int64_t> {};
TEST_P(UnitsTest, Forward) { checkSingleLayer({2, 10, 4, GetParam()}, both(), {true, 2}); }
INSTANTIATE_TEST_SUITE_P(H, UnitsTest, ::testing::Values(1, 7, 8, 16, 33, 100, 256));

class InputDimTest : public ::testing::TestWithParam<int64_t> {};
TEST_P(InputDimTest, Reverse) {
  checkSingleLayer({2, 10, GetParam(), 8}, both({ActivationKind::Tanh}, Direction::Reverse));
}
INSTANTIATE_TEST_SUITE_P(I, InputDimTest, ::testing::Values(1, 3, 4, 37));

class BatchTest : public ::testing::TestWithParam<int64_t> {};
TEST_P(BatchTest, Forward) { checkSingleLayer({GetParam(), 10, 4, 8}, both(), {true, GetParam()}); }
INSTANTIATE_TEST_SUITE_P(B, BatchTest, ::testing::Values(1, 2, 5));

class TimestepsTest : public ::testing::TestWithParam<int64_t> {};
TEST_P(TimestepsTest, Forward) { checkSingleLayer({2, GetParam(), 4, 8}, both()); }
TEST_P(TimestepsTest, GoBackwards) {
  checkSingleLayer({2, GetParam(), 3, 7}, both({ActivationKind::Tanh}, Direction::GoBackwards));
}
INSTANTIATE_TEST_SUITE_P(T, TimestepsTest, ::testing::Values(1, 2, 10, 50));

// Bigger than any cache-line or vector-width special case, in every dimension at once.
TEST(Large, H256T50B5I37) { checkSingleLayer({5, 50, 37, 256}, both(), {true, 5}); }
TEST(Large, H100T50B5ReverseRelu) {
  checkSingleLayer({5, 50, 16, 100}, both({ActivationKind::Relu}, Direction::Reverse));
}
// Batch 1 streams the weights once per step, odd steps backwards; an odd step count ends on
// a backward step. H = 160: panels not 4 KiB apart; H = 256: the 4 KiB apart case.
TEST(Large, H160T31B1) { checkSingleLayer({1, 31, 16, 160}, both(), {true, 1}); }
TEST(Large, H256T20B1GoBackwards) {
  checkSingleLayer({1, 20, 8, 256}, both({ActivationKind::Tanh}, Direction::GoBackwards));
}

//===----------------------------------------------------------------------===//
// Bidirectional
//===----------------------------------------------------------------------===//

struct BidiCase {
  MergeMode mode;
  bool sequence;
};

void PrintTo(const BidiCase &c, std::ostream *os) {
  *os << mergeName(c.mode) << (c.sequence ? " sequence" : " last");
}

class BidirectionalTest : public ::testing::TestWithParam<BidiCase> {};

TEST_P(BidirectionalTest, Merge) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {3, 10, 4}, -1, 1));
  OpSpec spec;
  spec.merge = GetParam().mode;
  spec.sequence = GetParam().sequence;
  spec.last = !GetParam().sequence;
  Layer fw = randomLayer(rng, 4, 8), bw = randomLayer(rng, 4, 8);
  for (const Value &v : bidirectional(m, x, fw, bw, spec))
    m.output(v);
  check(m);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, BidirectionalTest,
    ::testing::Values(BidiCase{MergeMode::Concat, true}, BidiCase{MergeMode::Concat, false},
                      BidiCase{MergeMode::Sum, true}, BidiCase{MergeMode::Sum, false},
                      BidiCase{MergeMode::Mul, true}, BidiCase{MergeMode::Mul, false},
                      BidiCase{MergeMode::Ave, true}, BidiCase{MergeMode::Ave, false},
                      BidiCase{MergeMode::None, true}, BidiCase{MergeMode::None, false}),
    [](const ::testing::TestParamInfo<BidiCase> &info) {
      return std::string(mergeName(info.param.mode)) +
             (info.param.sequence ? "_sequence" : "_last");
    });

// Halves of different widths (concat only), their own activations, initial states, clip.
TEST(Bidirectional, UnequalHalvesBothResults) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {2, 9, 5}, -1, 1));
  OpSpec spec = both({ActivationKind::Relu});
  spec.backwardAct = Activation{ActivationKind::Sigmoid};
  spec.clip = 0.5f;
  Layer fw = randomLayer(rng, 5, 8, {true, 2}), bw = randomLayer(rng, 5, 5, {false, 2});
  for (const Value &v : bidirectional(m, x, fw, bw, spec))
    m.output(v);
  check(m);
}

TEST(Bidirectional, NoneMergeBothResultsH33) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {2, 12, 3}, -1, 1));
  OpSpec spec = both();
  spec.merge = MergeMode::None;
  Layer fw = randomLayer(rng, 3, 33), bw = randomLayer(rng, 3, 33);
  for (const Value &v : bidirectional(m, x, fw, bw, spec))
    m.output(v);
  check(m);
}

//===----------------------------------------------------------------------===//
// Lengths and masks
//===----------------------------------------------------------------------===//

// Length 0, 1, full and in between.
const std::vector<int64_t> kLengths = {10, 0, 3, 1, 7};

/// How a lengths test builds its model.
struct LengthsCase {
  Direction direction;
  bool bidirectional; // rnn.bidirectional (concat) instead of rnn.simple_rnn
  bool asArgument;    // lengths as a model input instead of a dense constant
  bool i64;           // i64 lengths argument (else i32)
  bool dynamicBatch;  // tensor<?x10x4xf32>
  bool initialState;  // the state a length-0 row must return
};

/// A layer or bidirectional layer with `lengths`, given as a constant or an argument.
void checkLengths(const LengthsCase &c) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  const int64_t batch = int64_t(kLengths.size());
  Data xd = randomData(rng, {batch, 10, 4}, -1, 1);
  Value x = m.input(xd, {c.dynamicBatch ? kDyn : batch, 10, 4});
  OpSpec spec = both({ActivationKind::Tanh}, c.direction);
  spec.lengths =
      c.asArgument ? m.lengthsInput(kLengths, c.i64, c.dynamicBatch) : m.lengthsConstant(kLengths);
  spec.control.lengths = kLengths;
  LayerOptions lo{true, c.initialState ? batch : 0};
  if (c.bidirectional) {
    spec.merge = MergeMode::Concat;
    Layer fw = randomLayer(rng, 4, 8, lo), bw = randomLayer(rng, 4, 8, lo);
    for (const Value &v : bidirectional(m, x, fw, bw, spec))
      m.output(v);
  } else {
    Layer l = randomLayer(rng, 4, 8, lo);
    for (const Value &v : simpleRNN(m, x, l, spec))
      m.output(v);
  }
  check(m);
}

// Fields: direction, bidirectional, asArgument, i64, dynamicBatch, initialState.
TEST(Lengths, ForwardConstant) {
  checkLengths({Direction::Forward, false, false, false, false, true});
}
TEST(Lengths, ReverseConstant) {
  checkLengths({Direction::Reverse, false, false, false, false, true});
}
TEST(Lengths, ForwardArgumentI32) {
  checkLengths({Direction::Forward, false, true, false, false, false});
}
TEST(Lengths, ReverseArgumentI64DynamicBatch) {
  checkLengths({Direction::Reverse, false, true, true, true, false});
}
TEST(Lengths, BidirectionalConstant) {
  checkLengths({Direction::Forward, true, false, false, false, true});
}
TEST(Lengths, BidirectionalArgumentI64) {
  checkLengths({Direction::Forward, true, true, true, false, false});
}

/// Masks with leading, trailing and interior masked steps. Each row keeps at least one step,
/// so the final output and the final state agree (see `FullyMaskedRowSequence`).
std::vector<bool> someMask(int64_t batch, int64_t steps) {
  std::vector<bool> mask(batch * steps, true);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      bool leading = t < b + 1;                     // b + 1 leading masked steps
      bool trailing = b % 2 == 1 && t >= steps - 2; // odd rows: two trailing ones
      bool interior = (t * 7 + b * 3) % 5 == 0;
      mask[b * steps + t] = !(leading || trailing || interior) || t == steps / 2;
    }
  return mask;
}

void checkMask(Direction d, bool bidi, int64_t batch, int64_t steps, int64_t units = 8) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {batch, steps, 4}, -1, 1));
  std::vector<bool> mask = someMask(batch, steps);
  OpSpec spec = both({ActivationKind::Tanh}, d);
  spec.mask = m.maskConstant(mask, batch, steps);
  spec.control.mask = mask;
  // With an initial state the state (h0) and the output (0) differ before the first kept step.
  LayerOptions lo{true, batch};
  if (bidi) {
    spec.merge = MergeMode::Concat;
    Layer fw = randomLayer(rng, 4, units, lo), bw = randomLayer(rng, 4, units, lo);
    for (const Value &v : bidirectional(m, x, fw, bw, spec))
      m.output(v);
  } else {
    Layer l = randomLayer(rng, 4, units, lo);
    for (const Value &v : simpleRNN(m, x, l, spec))
      m.output(v);
  }
  check(m);
}

TEST(Mask, Forward) { checkMask(Direction::Forward, false, 3, 10); }
TEST(Mask, Reverse) { checkMask(Direction::Reverse, false, 3, 10); }
TEST(Mask, GoBackwards) { checkMask(Direction::GoBackwards, false, 3, 10); }
TEST(Mask, Bidirectional) { checkMask(Direction::Forward, true, 4, 9); }
// Weights past L1: odd steps walk them backwards (rnn-lower-kernels' zig-zag order).
TEST(Mask, ReverseH100T21) { checkMask(Direction::Reverse, false, 3, 21, 100); }

// A row with no kept step: every output is zero (sequence only: whether `last` is then the
// initial state or Keras' zero "last output" is a question the dialect answers "state").
TEST(Mask, FullyMaskedRowSequence) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  const int64_t batch = 2, steps = 6;
  Value x = m.input(randomData(rng, {batch, steps, 3}, -1, 1));
  std::vector<bool> mask = {false, false, false, false, false, false,
                            false, true,  true,  false, true,  false};
  OpSpec spec;
  spec.mask = m.maskConstant(mask, batch, steps);
  spec.control.mask = mask;
  Layer l = randomLayer(rng, 3, 5, {true, batch});
  for (const Value &v : simpleRNN(m, x, l, spec))
    m.output(v);
  check(m);
}

// Keras `Masking(0.0)` in front of a bidirectional layer: rnn.mask computes the mask from
// all-zero feature vectors, with a dynamic batch.
TEST(Mask, FromFeaturesDynamicBatch) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  const int64_t batch = 3, steps = 8, features = 4;
  Data xd = randomData(rng, {batch, steps, features}, -1, 1);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < steps; ++t)
      if (t < b || (t + b) % 4 == 3) // leading padding and some interior steps
        for (int64_t k = 0; k < features; ++k)
          xd.values[(b * steps + t) * features + k] = 0.0f;
  Value x = m.input(xd, {kDyn, steps, features});
  Value mask = m.featureMask(x);
  OpSpec spec = both();
  spec.merge = MergeMode::Sum;
  spec.mask = mask;
  spec.control.mask = rnnref::featureMask(x.ref, 0.0);
  Layer fw = randomLayer(rng, features, 6), bw = randomLayer(rng, features, 6);
  for (const Value &v : bidirectional(m, x, fw, bw, spec))
    m.output(v);
  check(m);
}

//===----------------------------------------------------------------------===//
// Dynamic shapes: one compiled model, several runs
//===----------------------------------------------------------------------===//

/// Compiles a one-layer model declared with `declared` and runs it on each of `shapes`.
void checkDynamic(std::vector<int64_t> declared, const std::vector<std::vector<int64_t>> &shapes,
                  OpSpec spec, bool bidi) {
  const std::string name = testName();
  Rng rng(seedOf(name));
  const int64_t inputDim = declared[2], units = 8;
  Layer fw = randomLayer(rng, inputDim, units), bw = randomLayer(rng, inputDim, units);
  std::unique_ptr<CompiledModel> cm;
  for (const std::vector<int64_t> &shape : shapes) {
    // The model text is the same for every shape; only the inputs and references differ.
    Model m(name);
    Value x = m.input(randomData(rng, shape, -1, 1), declared);
    std::vector<Value> outs = bidi ? bidirectional(m, x, fw, bw, spec) : simpleRNN(m, x, fw, spec);
    for (const Value &v : outs)
      m.output(v);
    if (!cm) {
      std::string error;
      cm = CompiledModel::compile(name, m.text(), error);
      ASSERT_TRUE(cm) << error;
    }
    runAndCompare(*cm, m.inputs, expectedOf(m), "input shape " + shapeString(shape));
  }
  if (::testing::Test::HasFailure())
    cm->keep = true, std::cerr << "model kept in " << cm->dir << "\n";
}

TEST(Dynamic, Batch) {
  checkDynamic({kDyn, 10, 4}, {{1, 10, 4}, {3, 10, 4}, {7, 10, 4}}, both(), false);
}
TEST(Dynamic, Time) {
  checkDynamic({1, kDyn, 4}, {{1, 10, 4}, {1, 1, 4}, {1, 23, 4}},
               both({ActivationKind::Tanh}, Direction::Reverse), false);
}
TEST(Dynamic, BatchAndTime) {
  checkDynamic({kDyn, kDyn, 3}, {{2, 5, 3}, {1, 12, 3}, {4, 1, 3}},
               both({ActivationKind::Relu}, Direction::GoBackwards), false);
}
TEST(Dynamic, BatchAndTimeBidirectional) {
  checkDynamic({kDyn, kDyn, 4}, {{3, 6, 4}, {1, 11, 4}}, both(), true);
}

//===----------------------------------------------------------------------===//
// Stacked layers
//===----------------------------------------------------------------------===//

TEST(Stacked, TwoLayers) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {2, 10, 4}, -1, 1));
  OpSpec seq;
  Value h1 = simpleRNN(m, x, randomLayer(rng, 4, 8), seq)[0];
  for (const Value &v : simpleRNN(m, h1, randomLayer(rng, 8, 6), both()))
    m.output(v);
  check(m);
}

// A bidirectional layer (concat) under a reverse relu layer under a forward layer, on a
// dynamic batch: the shape of a typical Keras tagger.
TEST(Stacked, ThreeLayersMixedDynamicBatch) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  Value x = m.input(randomData(rng, {3, 12, 5}, -1, 1), {kDyn, 12, 5});
  OpSpec seq;
  Value h1 = bidirectional(m, x, randomLayer(rng, 5, 8), randomLayer(rng, 5, 8), seq)[0];
  OpSpec relu = seq;
  relu.act = Activation{ActivationKind::Relu};
  relu.direction = Direction::Reverse;
  Value h2 = simpleRNN(m, h1, randomLayer(rng, 16, 7), relu)[0];
  OpSpec last;
  last.sequence = false;
  last.last = true;
  m.output(h2);
  m.output(simpleRNN(m, h2, randomLayer(rng, 7, 9), last)[0]);
  check(m);
}

// Three layers with lengths: zeros past each length feed the next layer as real inputs
// (each layer gets the lengths again, as an ONNX graph of three RNN nodes does).
TEST(Stacked, ThreeLayersWithLengths) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  const int64_t batch = int64_t(kLengths.size());
  Value x = m.input(randomData(rng, {batch, 10, 4}, -1, 1));
  OpSpec spec;
  spec.lengths = m.lengthsInput(kLengths, false, false);
  spec.control.lengths = kLengths;
  Value h = x;
  for (int layer = 0; layer < 3; ++layer) {
    spec.direction = layer == 1 ? Direction::Reverse : Direction::Forward;
    spec.last = layer == 2;
    std::vector<Value> outs = simpleRNN(m, h, randomLayer(rng, h.shape[2], 6), spec);
    h = outs[0];
    if (layer == 2)
      for (const Value &v : outs)
        m.output(v);
  }
  check(m);
}

//===----------------------------------------------------------------------===//
// Random mixtures of everything
//===----------------------------------------------------------------------===//

class RandomMixTest : public ::testing::TestWithParam<int> {};

TEST_P(RandomMixTest, Model) {
  Model m(testName());
  Rng rng(seedOf(m.name));
  auto pick = [&](auto... options) {
    int64_t values[] = {int64_t(options)...};
    return values[rng.next() % sizeof...(options)];
  };
  const int64_t batch = pick(1, 2, 5), steps = pick(1, 2, 10, 50), inputDim = pick(1, 3, 4, 37);
  const int64_t units = pick(1, 7, 8, 16, 33);
  const bool dynBatch = rng.next() % 2, dynTime = rng.next() % 3 == 0;
  Value x = m.input(randomData(rng, {batch, steps, inputDim}, -1, 1),
                    {dynBatch ? kDyn : batch, dynTime ? kDyn : steps, inputDim});
  static const Activation acts[] = {
      {ActivationKind::Tanh},           {ActivationKind::Sigmoid},
      {ActivationKind::Relu},           {ActivationKind::Softsign},
      {ActivationKind::Elu, 1.0},       {ActivationKind::HardSigmoid, 0.2, 0.5},
      {ActivationKind::LeakyRelu, 0.2}, {ActivationKind::ScaledTanh, 1.7159, 0.6666}};
  OpSpec spec;
  spec.act = acts[rng.next() % 8];
  spec.sequence = true;
  spec.last = rng.next() % 2;
  if (rng.next() % 3 == 0)
    spec.clip = 0.5f;
  // Lengths only where the batch is static (a constant) or passed as an argument.
  int control = int(rng.next() % 3); // 0: none, 1: lengths, 2: mask (static shapes only)
  if (control == 1) {
    std::vector<int64_t> lengths;
    for (int64_t b = 0; b < batch; ++b)
      lengths.push_back(int64_t(rng.next() % (steps + 1)));
    lengths[0] = steps;
    spec.lengths = m.lengthsInput(lengths, rng.next() % 2, dynBatch);
    spec.control.lengths = lengths;
  } else if (control == 2 && !dynBatch && !dynTime) {
    std::vector<bool> mask(batch * steps);
    for (size_t i = 0; i < mask.size(); ++i)
      mask[i] = rng.next() % 4 != 0;
    for (int64_t b = 0; b < batch; ++b)
      mask[b * steps + steps / 2] = true; // a kept step in every row: see someMask
    spec.mask = m.maskConstant(mask, batch, steps);
    spec.control.mask = mask;
  }
  const bool initialState = !dynBatch && rng.next() % 2;
  LayerOptions lo{rng.next() % 4 != 0, initialState ? batch : 0};
  if (rng.next() % 2) {
    spec.merge = MergeMode(rng.next() % 5);
    for (const Value &v : bidirectional(m, x, randomLayer(rng, inputDim, units, lo),
                                        randomLayer(rng, inputDim, units, lo), spec))
      m.output(v);
  } else {
    spec.direction = spec.lengths ? (rng.next() % 2 ? Direction::Reverse : Direction::Forward)
                                  : Direction(rng.next() % 3);
    for (const Value &v : simpleRNN(m, x, randomLayer(rng, inputDim, units, lo), spec))
      m.output(v);
  }
  if (dynBatch || dynTime)
    RecordProperty("dynamic", std::string(dynBatch ? "batch" : "") + (dynTime ? "time" : ""));
  check(m);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomMixTest, ::testing::Range(0, 16));

//===----------------------------------------------------------------------===//
// --weight-precision: the widening kernels of every target
//===----------------------------------------------------------------------===//

/// `v` rounded to bf16 (nearest, ties to even), as float.
float roundBF16(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits = (bits + 0x7fffu + ((bits >> 16) & 1)) & 0xffff0000u;
  std::memcpy(&v, &bits, 4);
  return v;
}

/// Weights that `precision` stores without loss, so that the narrowed model must match the
/// float64 reference on them to the float32 tolerance: bf16 values for bf16; for int8, each
/// column q * 2^-e with integers q in [-127, 127] and one of them +-127 (the compiler then
/// finds the scale 2^-e and the same q), e large enough that a column's weights sum to at
/// most about 1 (a contractive recurrence).
void makeExact(Data &d, const std::string &precision, Rng &rng) {
  int64_t rows = d.shape[0], cols = d.shape[1];
  int minExponent = int(std::ceil(std::log2(127.0 * double(rows))));
  for (int64_t c = 0; c < cols; ++c) {
    float scale = std::ldexp(1.0f, -(minExponent + int(rng.next() % 3)));
    int64_t peak = int64_t(rng.next() % uint64_t(rows));
    for (int64_t r = 0; r < rows; ++r) {
      float &w = d.values[r * cols + c];
      if (precision == "bf16")
        w = roundBF16(w);
      else
        w = r == peak ? (rng.next() % 2 ? 127.0f : -127.0f) * scale
                      : float(int64_t(rng.next() % 255) - 127) * scale;
    }
  }
}

class NarrowWeightsTest : public ::testing::TestWithParam<std::tuple<const char *, int>> {};

TEST_P(NarrowWeightsTest, Model) {
  const std::string precision = std::get<0>(GetParam());
  Model m(testName());
  m.flags = " --weight-precision=" + precision;
  Rng rng(seedOf(m.name));
  const int64_t batch = 1 + int64_t(rng.next() % 3), steps = 1 + int64_t(rng.next() % 12);
  const int64_t inputDim = 1 + int64_t(rng.next() % 37), units = 1 + int64_t(rng.next() % 40);
  Value x = m.input(randomData(rng, {batch, steps, inputDim}, -1, 1));
  auto layer = [&] {
    Layer l = randomLayer(rng, inputDim, units);
    makeExact(l.kernel, precision, rng);
    makeExact(l.recurrent, precision, rng);
    return l;
  };
  OpSpec spec;
  spec.sequence = true;
  spec.last = true;
  if (rng.next() % 2) {
    spec.merge = MergeMode::Concat;
    for (const Value &v : bidirectional(m, x, layer(), layer(), spec))
      m.output(v);
  } else {
    for (const Value &v : simpleRNN(m, x, layer(), spec))
      m.output(v);
  }
  check(m);
}

INSTANTIATE_TEST_SUITE_P(Precisions, NarrowWeightsTest,
                         ::testing::Combine(::testing::Values("bf16", "int8"),
                                            ::testing::Range(0, 6)),
                         [](const ::testing::TestParamInfo<NarrowWeightsTest::ParamType> &info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::to_string(std::get<1>(info.param));
                         });

} // namespace
