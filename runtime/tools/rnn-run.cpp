// rnn-run: runs a compiled model on .npy or inline inputs, prints its outputs or writes
// them as .npy, checks them against references and times calls; or prints the model's
// signature (--info). Every failure is one "rnn-run: " line and exit code 1.
#include "rnnc/rnnrt.h"
#include "runtime/npy/Npy.h"
#include "runtime/tools/CompareTensor.h"
#include "runtime/tools/PrintTensor.h"
#include "runtime/tools/TensorSpec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace npy = rnnc::npy;
namespace tools = rnnc::tools;

namespace {

constexpr const char *USAGE =
    "usage: rnn-run MODEL.so --input X [--input ...] [--output Y.npy ...] [options]\n"
    "       rnn-run MODEL.so --info\n"
    "Runs a model compiled with rnnc --emit=shared and prints its outputs, or writes them\n"
    "with --output. Inputs are converted to the model's dtypes when every value is exactly\n"
    "representable; dynamic dims come from their shapes.\n"
    "  --input X          one per model input, in order: a .npy file, or an inline tensor\n"
    "                     [DIMx...]DTYPE=VALUES with DTYPE f32, f64, i32 or i64 and VALUES\n"
    "                     one number (a fill), one per element (1,2,3), or random[(LO,HI)]\n"
    "                     (uniform; default [-1, 1) for floats, [0, 10) for integers)\n"
    "  --seed N           seed of random inputs (default 0); input i uses N + i\n"
    "  --output FILE      one per model output, in order; written in the output's dtype\n"
    "                     (without --output, the outputs are printed)\n"
    "  --expected X       one per model output: a .npy file or inline tensor the output\n"
    "                     must match; exits 1 and reports the worst element if one does not\n"
    "  --tolerance A,R    --expected passes where |got - expected| <= A + R * |expected|\n"
    "                     (default 1e-5,1e-4)\n"
    "  --weights FILE     the weights file of a model compiled with --weights=external\n"
    "                     (default: MODEL's name with .weights)\n"
    "  --threads N        run on N threads (models compiled with rnnc --parallel)\n"
    "  --repeat N         time N calls after the warm-up; print min, median, p90 and mean\n"
    "  --warmup N         untimed calls before the timed ones (default 1 with --repeat)\n"
    "  --info             print the model's inputs and outputs and exit\n"
    "  --version          print rnn-run's version and exit\n";

struct Options {
  std::string library;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> expected;
  tools::Tolerance tolerance;
  uint64_t seed = 0;
  std::string weights;
  long threads = 0; // 0: the model's serial entry
  long repeat = 0;  // 0: run once, untimed
  long warmup = -1; // -1: 1 with --repeat, else 0
  bool info = false;
  bool help = false;
  bool version = false;
};

// An error message on the way to main().
struct Failure {
  std::string message;
};

std::optional<long> parseCount(std::string_view text, long min = 1) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long value = std::stol(std::string(text));
  return value >= min ? std::optional(value) : std::nullopt;
}

std::optional<uint64_t> parseSeed(std::string_view text) {
  if (text.empty() || text.size() > 20 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  errno = 0;
  unsigned long long value = std::strtoull(std::string(text).c_str(), nullptr, 10);
  return errno == ERANGE ? std::nullopt : std::optional<uint64_t>(value);
}

// Stores an option's value; a message when it is not a valid one.
std::optional<Failure> setOption(std::string_view name, std::string_view value, Options &options) {
  if (name == "--input") {
    options.inputs.emplace_back(value);
  } else if (name == "--output") {
    options.outputs.emplace_back(value);
  } else if (name == "--expected") {
    options.expected.emplace_back(value);
  } else if (name == "--weights") {
    if (!options.weights.empty())
      return Failure{"--weights given twice; a model takes one weights file"};
    if (value.empty())
      return Failure{"--weights needs a file name"};
    options.weights = value;
  } else if (name == "--tolerance") {
    std::optional<tools::Tolerance> tolerance = tools::parseTolerance(std::string(value));
    if (!tolerance)
      return Failure{fmt::format("--tolerance expects ATOL,RTOL, two finite numbers >= 0 "
                                 "(e.g. 1e-5,1e-4), got '{}'",
                                 value)};
    options.tolerance = *tolerance;
  } else if (name == "--seed") {
    std::optional<uint64_t> seed = parseSeed(value);
    if (!seed)
      return Failure{fmt::format("--seed expects an integer from 0 to 2^64-1, got '{}'", value)};
    options.seed = *seed;
  } else if (name == "--threads") {
    std::optional<long> threads = parseCount(value);
    if (!threads || *threads > RNNRT_MAX_THREADS)
      return Failure{fmt::format("--threads expects a count from 1 to {}, got '{}'",
                                 RNNRT_MAX_THREADS, value)};
    options.threads = *threads;
  } else if (name == "--warmup") {
    std::optional<long> warmup = parseCount(value, 0);
    if (!warmup)
      return Failure{fmt::format("--warmup expects a count from 0 to 999999999, got '{}'", value)};
    options.warmup = *warmup;
  } else {
    std::optional<long> count = parseCount(value);
    if (!count)
      return Failure{fmt::format("--repeat expects a count from 1 to 999999999, got '{}'", value)};
    options.repeat = *count;
  }
  return std::nullopt;
}

std::optional<Failure> parseArguments(int argc, char **argv, Options &options) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      return std::nullopt;
    }
    if (arg == "--version") {
      options.version = true;
      return std::nullopt;
    }
    if (arg == "--info") {
      options.info = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      positional.emplace_back(arg);
      continue;
    }
    // --name VALUE or --name=VALUE.
    std::string_view name = arg.substr(0, arg.find('='));
    std::optional<std::string_view> value;
    if (name.size() < arg.size())
      value = arg.substr(name.size() + 1);
    constexpr std::string_view known[] = {"--input",     "--output", "--expected",
                                          "--tolerance", "--seed",   "--weights",
                                          "--threads",   "--repeat", "--warmup"};
    if (std::find(std::begin(known), std::end(known), name) == std::end(known))
      return Failure{fmt::format("unknown option '{}'; see rnn-run --help", arg)};
    if (!value) {
      if (i + 1 == args.size())
        return Failure{fmt::format("{} needs a value", name)};
      value = args[++i];
    }
    if (auto failure = setOption(name, *value, options))
      return failure;
  }
  if (options.info && positional.size() == 1) {
    options.library = positional[0];
    return std::nullopt;
  }
  if (positional.empty())
    return Failure{"no model library given; see rnn-run --help"};
  if (positional.size() > 1)
    return Failure{fmt::format("unexpected argument '{}': expected one model library and "
                               "--input/--output options",
                               positional[1])};
  options.library = positional[0];
  return std::nullopt;
}

using Model = std::unique_ptr<rnnrt_model, void (*)(rnnrt_model *)>;

npy::DType npyDtype(int32_t dtype) {
  switch (dtype) {
  case RNNC_DTYPE_F64:
    return npy::DType::Float64;
  case RNNC_DTYPE_I32:
    return npy::DType::Int32;
  case RNNC_DTYPE_I64:
    return npy::DType::Int64;
  default:
    return npy::DType::Float32;
  }
}

std::string shapeText(int32_t rank, const int64_t *shape) {
  std::string text = "[";
  for (int32_t d = 0; d < rank; ++d)
    text += (d ? ", " : "") + (shape[d] == -1 ? std::string("?") : std::to_string(shape[d]));
  return text + "]";
}

std::string describe(const char *kind, size_t index, const rnnc_tensor_desc &tensor) {
  return fmt::format("{} {} '{}': {} {}", kind, index, tensor.name, rnnrt_dtype_name(tensor.dtype),
                     shapeText(tensor.rank, tensor.shape));
}

std::string nameList(const rnnrt_model *model, bool inputs) {
  size_t count = inputs ? rnnrt_num_inputs(model) : rnnrt_num_outputs(model);
  std::string names;
  for (size_t i = 0; i < count; ++i)
    names += fmt::format("{}'{}'", i ? ", " : "",
                         (inputs ? rnnrt_input(model, i) : rnnrt_output(model, i))->name);
  return names;
}

void printInfo(const rnnrt_model *model) {
  fmt::print("model '{}'\n", rnnrt_model_name(model));
  for (size_t i = 0; i < rnnrt_num_inputs(model); ++i)
    fmt::print("{}\n", describe("input", i, *rnnrt_input(model, i)));
  for (size_t i = 0; i < rnnrt_num_outputs(model); ++i)
    fmt::print("{}\n", describe("output", i, *rnnrt_output(model, i)));
}

// --output and --expected may be left out; when given, there is one per output.
std::optional<Failure> checkCount(const rnnrt_model *model, const char *option, size_t given,
                                  bool optional) {
  bool inputs = std::string_view(option) == "input";
  size_t expected = inputs ? rnnrt_num_inputs(model) : rnnrt_num_outputs(model);
  if (given == expected || (optional && given == 0))
    return std::nullopt;
  const char *kind = inputs ? "input" : "output";
  // "--input files were", "--expected were"
  std::string what = std::string_view(option) == "expected"
                         ? std::string(given == 1 ? " was" : " were")
                         : std::string(given == 1 ? " file was" : " files were");
  return Failure{fmt::format("model '{}' has {} {}{} ({}), but {} --{}{} given",
                             rnnrt_model_name(model), expected, kind, expected == 1 ? "" : "s",
                             nameList(model, inputs), given, option, what)};
}

// A tensor view of an array; the model never sees a null pointer, even for empty arrays.
rnnrt_tensor tensorOf(npy::Array &array, int32_t dtype) {
  static unsigned char empty;
  return rnnrt_tensor{dtype, static_cast<int32_t>(array.shape.size()), array.shape.data(),
                      array.data.empty() ? &empty : array.data.data(), array.data.size()};
}

// How messages name an inline tensor: its text, cut short when it lists many values.
std::string sourceName(const std::string &source) {
  if (!tools::isTensorSpec(source) || source.size() <= 48)
    return source;
  return source.substr(0, 45) + "...";
}

// A .npy file or an inline tensor; random inline tensors draw from `seed`.
npy::Result<npy::Array> load(const std::string &source, uint64_t seed) {
  if (tools::isTensorSpec(source))
    return tools::parseTensorSpec(source, seed);
  return npy::read(source);
}

// Reads each input and converts it to its input's dtype.
std::optional<Failure> readInputs(const rnnrt_model *model, const Options &options,
                                  std::vector<npy::Array> &arrays) {
  for (size_t i = 0; i < options.inputs.size(); ++i) {
    const std::string &source = options.inputs[i];
    const rnnc_tensor_desc &desc = *rnnrt_input(model, i);
    npy::Result<npy::Array> loaded = load(source, options.seed + i);
    if (!loaded)
      return Failure{loaded.error()};
    npy::Result<npy::Array> converted = npy::convert(*loaded, npyDtype(desc.dtype));
    if (!converted)
      return Failure{fmt::format("input {} '{}' from '{}': {}", i, desc.name, sourceName(source),
                                 converted.error())};
    arrays.push_back(std::move(*converted));
  }
  return std::nullopt;
}

// librnnrt names an input by index and name ("input 1 'y': ..."); rnn-run's user knows it
// by its file, so the message gets "from '<file>'" as the conversion messages have it.
std::string withInputFile(const std::string &message, const std::vector<std::string> &paths) {
  unsigned index = 0;
  int end = 0;
  if (std::sscanf(message.c_str(), "input %u '%*[^']'%n", &index, &end) != 1 || end == 0 ||
      index >= paths.size() || message.compare(size_t(end), 1, ":") != 0)
    return message;
  return message.substr(0, size_t(end)) + " from '" + sourceName(paths[index]) + "'" +
         message.substr(size_t(end));
}

// Sizes each output from the inputs' shapes; this is where bad input shapes are reported.
std::optional<Failure> allocateOutputs(const rnnrt_model *model,
                                       const std::vector<rnnrt_tensor> &inputs,
                                       const std::vector<std::string> &inputPaths,
                                       std::vector<npy::Array> &arrays) {
  rnnrt_error error;
  for (size_t i = 0; i < arrays.size(); ++i) {
    const rnnc_tensor_desc &desc = *rnnrt_output(model, i);
    npy::Array &array = arrays[i];
    array.dtype = npyDtype(desc.dtype);
    array.shape.resize(static_cast<size_t>(desc.rank));
    size_t bytes = 0;
    if (rnnrt_output_shape(model, inputs.data(), inputs.size(), i, array.shape.data(), &bytes,
                           &error) != RNNRT_OK)
      return Failure{withInputFile(error.message, inputPaths)};
    array.data.resize(bytes);
  }
  return std::nullopt;
}

using Pool = std::unique_ptr<rnnc_threads, void (*)(rnnc_threads *)>;

// Loads the weights of a model compiled with --weights=external: --weights, else the file
// rnnc wrote beside the library (m.so -> m.weights).
std::optional<Failure> loadWeights(rnnrt_model *model, const Options &options) {
  rnnrt_error error;
  std::string path = options.weights;
  if (path.empty()) {
    if (!(rnnrt_model_flags(model) & RNNC_MODEL_EXTERNAL_WEIGHTS))
      return std::nullopt;
    size_t slash = options.library.rfind('/');
    size_t dot = options.library.rfind('.');
    path = options.library.substr(0, dot != std::string::npos &&
                                             (slash == std::string::npos || dot > slash)
                                         ? dot
                                         : std::string::npos) +
           ".weights";
    FILE *probe = std::fopen(path.c_str(), "rb");
    if (!probe)
      return Failure{fmt::format("model '{}' takes its weights from a file (it was compiled "
                                 "with --weights=external), and '{}' cannot be read: pass "
                                 "--weights FILE",
                                 rnnrt_model_name(model), path)};
    std::fclose(probe);
  }
  if (rnnrt_load_weights(model, path.c_str(), &error) != RNNRT_OK)
    return Failure{error.message};
  return std::nullopt;
}

// One call on the pool if there is one, else on this thread.
rnnrt_status runOnce(const rnnrt_model *model, const rnnc_threads *pool,
                     const std::vector<rnnrt_tensor> &inputs,
                     const std::vector<rnnrt_tensor> &outputs, rnnrt_error *error) {
  if (pool)
    return rnnrt_run_parallel(model, pool, inputs.data(), inputs.size(), outputs.data(),
                              outputs.size(), error);
  return rnnrt_run(model, inputs.data(), inputs.size(), outputs.data(), outputs.size(), error);
}

// Runs `calls` times, recording each call's time in microseconds.
std::optional<Failure> runTimed(const rnnrt_model *model, const rnnc_threads *pool,
                                const std::vector<rnnrt_tensor> &inputs,
                                const std::vector<rnnrt_tensor> &outputs, long calls,
                                std::vector<double> &micros) {
  rnnrt_error error;
  for (long call = 0; call < calls; ++call) {
    auto start = std::chrono::steady_clock::now();
    rnnrt_status status = runOnce(model, pool, inputs, outputs, &error);
    auto end = std::chrono::steady_clock::now();
    if (status != RNNRT_OK)
      return Failure{error.message};
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  return std::nullopt;
}

// "median 12.3 us per call over 10 calls (min ..., p90 ..., mean ... us; 1 warm-up call)";
// p90 is the nearest-rank percentile.
std::string timingSummary(std::vector<double> micros, long warmup) {
  std::sort(micros.begin(), micros.end());
  size_t n = micros.size(), middle = n / 2;
  double median = n % 2 ? micros[middle] : (micros[middle - 1] + micros[middle]) / 2;
  size_t rank90 = static_cast<size_t>(std::ceil(0.9 * double(n)));
  double mean = 0;
  for (double m : micros)
    mean += m / double(n);
  return fmt::format("median {:.1f} us per call over {} call{} (min {:.1f}, p90 {:.1f}, mean "
                     "{:.1f} us; {} warm-up call{})",
                     median, n, n == 1 ? "" : "s", micros.front(), micros[rank90 - 1], mean, warmup,
                     warmup == 1 ? "" : "s");
}

// Reads each --expected tensor; its shape must be its output's (known from the inputs).
std::optional<Failure> readExpected(const rnnrt_model *model, const Options &options,
                                    const std::vector<npy::Array> &outputs,
                                    std::vector<npy::Array> &arrays) {
  for (size_t i = 0; i < options.expected.size(); ++i) {
    const std::string &source = options.expected[i];
    npy::Result<npy::Array> expected = load(source, options.seed);
    if (!expected)
      return Failure{expected.error()};
    if (expected->shape != outputs[i].shape)
      return Failure{fmt::format("output {} '{}' has shape [{}], but '{}' has shape [{}]", i,
                                 rnnrt_output(model, i)->name, fmt::join(outputs[i].shape, ", "),
                                 sourceName(source), fmt::join(expected->shape, ", "))};
    arrays.push_back(std::move(*expected));
  }
  return std::nullopt;
}

// Compares each output with its --expected tensor; the first that differs fails the run.
std::optional<Failure> checkExpected(const rnnrt_model *model, const Options &options,
                                     const std::vector<npy::Array> &outputs,
                                     const std::vector<npy::Array> &expected) {
  const tools::Tolerance &tol = options.tolerance;
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::string source = sourceName(options.expected[i]);
    const char *name = rnnrt_output(model, i)->name;
    tools::Comparison result = tools::compare(outputs[i], expected[i], tol);
    if (result.mismatches) {
      size_t worst = result.worst;
      return Failure{fmt::format(
          "output {} '{}' differs from '{}': {} of {} elements exceed |got - expected| <= "
          "{} + {} * |expected|; worst at {}: got {}, expected {} (|diff| {:.6g})",
          i, name, source, result.mismatches, outputs[i].numElements(), tol.atol, tol.rtol,
          npy::formatIndex(outputs[i].shape, worst), npy::formatElement(outputs[i], worst),
          npy::formatElement(expected[i], worst), result.worstDiff)};
    }
    fmt::print("output {} '{}' matches '{}' (max |diff| {:.3g})\n", i, name, source,
               result.maxDiff);
  }
  return std::nullopt;
}

void printFlags(const rnnrt_model *model) {
  uint32_t flags = rnnrt_model_flags(model);
  if (flags & RNNC_MODEL_EXTERNAL_WEIGHTS)
    fmt::print("weights: external (--weights FILE)\n");
  if (flags & RNNC_MODEL_PARALLEL)
    fmt::print("parallel: yes (--threads N)\n");
  if (flags & RNNC_MODEL_WEIGHTS_BF16)
    fmt::print("weight precision: {}\n", flags & RNNC_MODEL_STATE_BF16 ? "bf16-dot" : "bf16");
  if (flags & RNNC_MODEL_WEIGHTS_INT8)
    fmt::print("weight precision: {}\n", flags & RNNC_MODEL_STATE_INT8 ? "int8-dot" : "int8");
}

std::optional<Failure> run(const Options &options) {
  rnnrt_error error;
  Model model(rnnrt_open(options.library.c_str(), &error), &rnnrt_close);
  if (!model)
    return Failure{error.message};
  if (options.info) {
    printInfo(model.get());
    printFlags(model.get());
    return std::nullopt;
  }
  if (auto failure = checkCount(model.get(), "input", options.inputs.size(), false))
    return failure;
  if (auto failure = checkCount(model.get(), "output", options.outputs.size(), true))
    return failure;
  if (auto failure = checkCount(model.get(), "expected", options.expected.size(), true))
    return failure;
  if (options.threads > 0 && !(rnnrt_model_flags(model.get()) & RNNC_MODEL_PARALLEL))
    return Failure{fmt::format("--threads: model '{}' was not compiled with --parallel; "
                               "recompile it with rnnc --parallel, or leave out --threads",
                               rnnrt_model_name(model.get()))};
  if (auto failure = loadWeights(model.get(), options))
    return failure;
  Pool pool(nullptr, &rnnrt_threads_destroy);
  if (options.threads > 0) {
    pool.reset(rnnrt_threads_create(int32_t(options.threads), &error));
    if (!pool)
      return Failure{error.message};
  }

  std::vector<npy::Array> inputArrays;
  if (auto failure = readInputs(model.get(), options, inputArrays))
    return failure;
  std::vector<rnnrt_tensor> inputs;
  for (size_t i = 0; i < inputArrays.size(); ++i)
    inputs.push_back(tensorOf(inputArrays[i], rnnrt_input(model.get(), i)->dtype));

  std::vector<npy::Array> outputArrays(rnnrt_num_outputs(model.get()));
  if (auto failure = allocateOutputs(model.get(), inputs, options.inputs, outputArrays))
    return failure;
  std::vector<rnnrt_tensor> outputs;
  for (size_t i = 0; i < outputArrays.size(); ++i)
    outputs.push_back(tensorOf(outputArrays[i], rnnrt_output(model.get(), i)->dtype));

  std::vector<npy::Array> expected;
  if (auto failure = readExpected(model.get(), options, outputArrays, expected))
    return failure;

  long warmup = options.warmup >= 0 ? options.warmup : options.repeat > 0 ? 1 : 0;
  std::vector<double> micros;
  if (auto failure = runTimed(model.get(), pool.get(), inputs, outputs, warmup, micros))
    return failure;
  micros.clear();
  if (auto failure =
          runTimed(model.get(), pool.get(), inputs, outputs, std::max(options.repeat, 1L), micros))
    return failure;

  if (!options.outputs.empty())
    if (npy::Status written = npy::writeAll(options.outputs, outputArrays); !written)
      return Failure{written.error()};
  for (size_t i = 0; i < outputArrays.size(); ++i) {
    const rnnc_tensor_desc &desc = *rnnrt_output(model.get(), i);
    fmt::print("output {} '{}': {} {}\n", i, desc.name, rnnrt_dtype_name(desc.dtype),
               shapeText(desc.rank, outputArrays[i].shape.data()));
    if (options.outputs.empty())
      fmt::print("{}\n", tools::formatTensor(outputArrays[i]));
  }
  if (auto failure = checkExpected(model.get(), options, outputArrays, expected))
    return failure;
  if (options.repeat > 0)
    fmt::print("{}\n", timingSummary(micros, warmup));
  return std::nullopt;
}

} // namespace

int main(int argc, char **argv) {
  try {
    Options options;
    std::optional<Failure> failure = parseArguments(argc, argv, options);
    if (!failure && options.help) {
      std::fputs(USAGE, stdout);
      return 0;
    }
    if (!failure && options.version) {
      std::fputs("rnn-run (rnnc) " RNNC_VERSION "\n", stdout);
      return 0;
    }
    if (!failure)
      failure = run(options);
    if (failure) {
      std::fflush(stdout);
      fmt::print(stderr, "rnn-run: {}\n", failure->message);
      return 1;
    }
    return 0;
  } catch (const std::bad_alloc &) {
    std::fputs("rnn-run: out of memory\n", stderr);
  } catch (const std::exception &e) {
    fmt::print(stderr, "rnn-run: internal error: {}\n", e.what());
  }
  return 1;
}
