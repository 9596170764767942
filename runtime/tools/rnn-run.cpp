// rnn-run: runs a compiled model on .npy inputs and writes its outputs as .npy, or prints
// the model's signature (--info). Every failure is one "rnn-run: " line and exit code 1.
#include "rnnc/rnnrt.h"
#include "runtime/npy/Npy.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace npy = rnnc::npy;

namespace {

constexpr const char *USAGE =
    "usage: rnn-run MODEL.so --input X.npy [--input ...] --output Y.npy [--output ...]\n"
    "               [--repeat N]\n"
    "       rnn-run MODEL.so --info\n"
    "Runs a model compiled with rnnc --emit=shared. Inputs are converted to the model's\n"
    "dtypes when every value is exactly representable; dynamic dims come from their shapes.\n"
    "  --input FILE   one per model input, in order\n"
    "  --output FILE  one per model output, in order; written in the output's dtype\n"
    "  --repeat N     run N times and print the median time per call\n"
    "  --info         print the model's inputs and outputs and exit\n";

struct Options {
  std::string library;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  long repeat = 0; // 0: run once, untimed
  bool info = false;
  bool help = false;
};

// An error message on the way to main().
struct Failure {
  std::string message;
};

std::optional<long> parseCount(std::string_view text) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long value = std::stol(std::string(text));
  return value >= 1 ? std::optional(value) : std::nullopt;
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
    if (name != "--input" && name != "--output" && name != "--repeat")
      return Failure{fmt::format("unknown option '{}'; see rnn-run --help", arg)};
    if (!value) {
      if (i + 1 == args.size())
        return Failure{fmt::format("{} needs a value", name)};
      value = args[++i];
    }
    if (name == "--input") {
      options.inputs.emplace_back(*value);
    } else if (name == "--output") {
      options.outputs.emplace_back(*value);
    } else {
      std::optional<long> count = parseCount(*value);
      if (!count)
        return Failure{
            fmt::format("--repeat expects a count from 1 to 999999999, got '{}'", *value)};
      options.repeat = *count;
    }
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

std::optional<Failure> checkCount(const rnnrt_model *model, bool inputs, size_t given) {
  size_t expected = inputs ? rnnrt_num_inputs(model) : rnnrt_num_outputs(model);
  if (given == expected)
    return std::nullopt;
  const char *kind = inputs ? "input" : "output";
  return Failure{fmt::format("model '{}' has {} {}{} ({}), but {} --{} file{} given",
                             rnnrt_model_name(model), expected, kind, expected == 1 ? "" : "s",
                             nameList(model, inputs), given, kind, given == 1 ? " was" : "s were")};
}

// A tensor view of an array; the model never sees a null pointer, even for empty arrays.
rnnrt_tensor tensorOf(npy::Array &array, int32_t dtype) {
  static unsigned char empty;
  return rnnrt_tensor{dtype, static_cast<int32_t>(array.shape.size()), array.shape.data(),
                      array.data.empty() ? &empty : array.data.data(), array.data.size()};
}

// Reads each input file and converts it to its input's dtype.
std::optional<Failure> readInputs(const rnnrt_model *model, const std::vector<std::string> &paths,
                                  std::vector<npy::Array> &arrays) {
  for (size_t i = 0; i < paths.size(); ++i) {
    const rnnc_tensor_desc &desc = *rnnrt_input(model, i);
    npy::Result<npy::Array> loaded = npy::read(paths[i]);
    if (!loaded)
      return Failure{loaded.error()};
    npy::Result<npy::Array> converted = npy::convert(*loaded, npyDtype(desc.dtype));
    if (!converted)
      return Failure{
          fmt::format("input {} '{}' from '{}': {}", i, desc.name, paths[i], converted.error())};
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
  return message.substr(0, size_t(end)) + " from '" + paths[index] + "'" +
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

// Runs `calls` times, recording each call's time in microseconds.
std::optional<Failure> runTimed(const rnnrt_model *model, const std::vector<rnnrt_tensor> &inputs,
                                const std::vector<rnnrt_tensor> &outputs, long calls,
                                std::vector<double> &micros) {
  rnnrt_error error;
  for (long call = 0; call < calls; ++call) {
    auto start = std::chrono::steady_clock::now();
    rnnrt_status status =
        rnnrt_run(model, inputs.data(), inputs.size(), outputs.data(), outputs.size(), &error);
    auto end = std::chrono::steady_clock::now();
    if (status != RNNRT_OK)
      return Failure{error.message};
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  return std::nullopt;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::optional<Failure> run(const Options &options) {
  rnnrt_error error;
  Model model(rnnrt_open(options.library.c_str(), &error), &rnnrt_close);
  if (!model)
    return Failure{error.message};
  if (options.info) {
    printInfo(model.get());
    return std::nullopt;
  }
  if (auto failure = checkCount(model.get(), true, options.inputs.size()))
    return failure;
  if (auto failure = checkCount(model.get(), false, options.outputs.size()))
    return failure;

  std::vector<npy::Array> inputArrays;
  if (auto failure = readInputs(model.get(), options.inputs, inputArrays))
    return failure;
  std::vector<rnnrt_tensor> inputs;
  for (size_t i = 0; i < inputArrays.size(); ++i)
    inputs.push_back(tensorOf(inputArrays[i], rnnrt_input(model.get(), i)->dtype));

  std::vector<npy::Array> outputArrays(options.outputs.size());
  if (auto failure = allocateOutputs(model.get(), inputs, options.inputs, outputArrays))
    return failure;
  std::vector<rnnrt_tensor> outputs;
  for (size_t i = 0; i < outputArrays.size(); ++i)
    outputs.push_back(tensorOf(outputArrays[i], rnnrt_output(model.get(), i)->dtype));

  std::vector<double> micros;
  if (auto failure = runTimed(model.get(), inputs, outputs, std::max(options.repeat, 1L), micros))
    return failure;

  if (npy::Status written = npy::writeAll(options.outputs, outputArrays); !written)
    return Failure{written.error()};
  for (size_t i = 0; i < outputArrays.size(); ++i) {
    const rnnc_tensor_desc &desc = *rnnrt_output(model.get(), i);
    fmt::print("output {} '{}': {} {}\n", i, desc.name, rnnrt_dtype_name(desc.dtype),
               shapeText(desc.rank, outputArrays[i].shape.data()));
  }
  if (options.repeat > 0)
    fmt::print("median {:.1f} us per call over {} call{}\n", median(micros), micros.size(),
               micros.size() == 1 ? "" : "s");
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
