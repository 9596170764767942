// Writes a model's C header from templates: the text below is the header as a reader sees
// it, with @key@ where the model's facts go and @each-...@ blocks repeated per item.
#include "compiler/Target/ModelHeader.h"

#include "llvm/ADT/StringExtras.h"

#include <fmt/format.h>

namespace rnnc {

/// The text of runtime/include/rnnc/model_abi.h (generated at build time), so every
/// generated header is self-contained.
extern const char kModelABIHeader[];

namespace {

using Values = std::vector<std::pair<llvm::StringRef, std::string>>;

/// `text` with each @key@ replaced by its value. An unknown key is a bug in this file.
std::string fill(llvm::StringRef text, const Values &values) {
  std::string out;
  while (true) {
    size_t at = text.find('@');
    if (at == llvm::StringRef::npos)
      break;
    size_t end = text.find('@', at + 1);
    llvm::StringRef key = text.substr(at + 1, end - at - 1);
    auto it = llvm::find_if(values, [&](const auto &v) { return v.first == key; });
    if (end == llvm::StringRef::npos || it == values.end())
      llvm::report_fatal_error(llvm::Twine("model header template: no value for @") + key + "@");
    out += text.substr(0, at);
    out += it->second;
    text = text.substr(end + 1);
  }
  return out + text.str();
}

constexpr char kHeader[] = R"(/* @name@.h: the C interface of model '@name@', compiled by rnnc.
 * Link the object rnnc wrote beside this header; C99 and C++ compatible. */
#ifndef RNNC_MODEL_@NAME@_H
#define RNNC_MODEL_@NAME@_H

@abi@
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define @NAME@_NUM_INPUTS @inputs@
#define @NAME@_NUM_OUTPUTS @outputs@
#define @NAME@_NUM_DIMS @dims@
/* How the constant weight matrices are stored ("f32"; "bf16": rounded to nearest even;
 * "int8": one scale per output unit and gate), widened to float32 in registers; states
 * and arithmetic are float32, except under "bf16-dot" (bf16 weights), whose recurrent
 * products read the state rounded to bf16, and "int8-dot" (int8 weights in quads of
 * rows), whose int8 products read their operand quantized to 8 bits per row. */
#define @NAME@_WEIGHT_PRECISION "@precision@"
@tensors@
/* Runs the model on caller-owned, dense, C-order buffers (shapes above; a dynamic
 * dim is the parameter of the same name; a dim of 0 is valid: an empty batch writes
 * nothing, an empty sequence gives the initial state). Returns RNNC_OK (0) or an
 * rnnc_status; never aborts. Keeps no state: concurrent calls on distinct outputs
 * are safe. */
int32_t @name@_run(@params@);
@parallel@@weights@
/* A static message for a status returned by the run function. */
const char *@name@_status_message(int32_t status);

@streaming@/* The descriptor librnnrt uses to introspect and call the model. */
extern const rnnc_model @name@_model;

#ifdef __cplusplus
}
#endif

#endif /* RNNC_MODEL_@NAME@_H */
)";

constexpr char kTensor[] = R"(
/* @kind@ @index@ '@tensor@': @dtype@ @shape@ */
#define @PREFIX@_DTYPE @enum@
#define @PREFIX@_RANK @rank@
#define @PREFIX@_SHAPE { @sizes@ } /* -1: dynamic */
@size@@idLimit@)";

constexpr char kParallel[] = R"(
/* The same on a thread pool: every thread of `threads` runs part of the model
 * (rows of the batch, or at batch 1 columns of each step), with the same results,
 * bit for bit, for any number of threads. RNNC_ERR_BAD_THREADS for a NULL or empty
 * pool. Calls on one pool must not overlap. */
int32_t @name@_run_parallel(const rnnc_threads *threads@params@);
)";

constexpr char kWeights[] = R"(
/* External weights (rnnc --weights=external): <name>_run reads the weights from a
 * buffer the caller passes first. rnnc wrote them to a file beside the object:
 * a header (RNNC_WEIGHTS_MAGIC, the layout fingerprint and the payload size) and
 * the payload, the weights as the kernels read them. Any file rnnc wrote for a model
 * of the same architecture (same layers and sizes) fits; others are refused by their
 * fingerprint. */
#define @NAME@_WEIGHTS_BYTES @bytes@
#define @NAME@_WEIGHTS_FINGERPRINT @fingerprint@ull

/* Loads a weights file: the payload, RNNC_WEIGHTS_ALIGNMENT-aligned, for <name>_run; NULL with
 * *error set to a static message when the file cannot be read or does not fit. */
static inline void *@name@_weights_load(const char *path, const char **error) {
  unsigned char header[RNNC_WEIGHTS_HEADER_BYTES];
  unsigned char *raw, *data;
  unsigned long long fields[3] = {0, 0, 0};
  int i, b;
  FILE *f = fopen(path, "rb");
  if (!f) { *error = "cannot open the weights file"; return NULL; }
  if (fread(header, 1, RNNC_WEIGHTS_HEADER_BYTES, f) != RNNC_WEIGHTS_HEADER_BYTES ||
      memcmp(header, RNNC_WEIGHTS_MAGIC, RNNC_WEIGHTS_MAGIC_BYTES) != 0) {
    fclose(f); *error = "not a weights file written by rnnc"; return NULL;
  }
  for (i = 0; i < 3; ++i)
    for (b = 7; b >= 0; --b)
      fields[i] = (fields[i] << 8) | header[RNNC_WEIGHTS_MAGIC_BYTES + 8 * i + b];
  if (fields[2] != @precisionCode@) {
    fclose(f);
    *error = "the weights file holds weights of another precision, see rnnc --weight-precision";
    return NULL;
  }
  if (fields[0] != @NAME@_WEIGHTS_FINGERPRINT || fields[1] != @NAME@_WEIGHTS_BYTES) {
    fclose(f);
    *error = "the weights file was written for a model of another architecture";
    return NULL;
  }
  raw = (unsigned char *)malloc(@NAME@_WEIGHTS_BYTES + RNNC_WEIGHTS_ALIGNMENT + sizeof(void *));
  if (!raw) { fclose(f); *error = "out of memory"; return NULL; }
  data = raw + sizeof(void *);
  data += (RNNC_WEIGHTS_ALIGNMENT - ((size_t)data % RNNC_WEIGHTS_ALIGNMENT)) % RNNC_WEIGHTS_ALIGNMENT;
  ((void **)data)[-1] = raw;
  if (fread(data, 1, @NAME@_WEIGHTS_BYTES, f) != @NAME@_WEIGHTS_BYTES || fgetc(f) != EOF) {
    free(raw); fclose(f);
    *error = "the weights file is truncated or has trailing data";
    return NULL;
  }
  fclose(f);
  return data;
}

/* Frees what <name>_weights_load returned. */
static inline void @name@_weights_free(void *weights) {
  if (weights) free(((void **)weights)[-1]);
}
)";

constexpr char kStreaming[] = R"(
/* Streaming: the model keeps each recurrent layer's state between calls, so a
 * sequence fed in chunks of timesteps gives the outputs of one call over the whole
 * sequence. A stream serves one batch of sequences; it is not thread-safe, but
 * distinct streams are independent. */
typedef struct @name@_stream {
  int64_t batch;
  int current; /* which of the two buffers holds the state */
  void *state[2][@states@];
} @name@_stream;

static inline void @name@_stream_destroy(@name@_stream *s);

/* A stream for `batch` sequences, its state zero; NULL when the batch does not
 * fit the model or memory runs out. */
static inline @name@_stream *@name@_stream_create(int64_t batch) {
  @name@_stream *s;
  int b;
  if (@batchCheck@) return NULL;
  s = (@name@_stream *)calloc(1, sizeof *s);
  if (!s) return NULL;
  s->batch = batch;
  for (b = 0; b < 2; ++b) {
@allocate@  }
  return s;
}

/* Sets every layer's state back to zero: the next call starts new sequences. */
static inline void @name@_stream_reset(@name@_stream *s) {
  int b;
  for (b = 0; b < 2; ++b) {
@clear@  }
}

static inline void @name@_stream_destroy(@name@_stream *s) {
  int b, k;
  if (!s) return;
  for (b = 0; b < 2; ++b) for (k = 0; k < @states@; ++k) free(s->state[b][k]);
  free(s);
}

/* Runs one chunk of timesteps, starting from the state the previous chunk left;
 * on success the stream holds the state after this chunk. On an error status the
 * state is unchanged. */
static inline int32_t @name@_stream_run(@params@) {
  int32_t status;
  if (!s) return RNNC_ERR_NULL_BUFFER;
@batchChecks@  status = @name@_run(@args@);
  if (status == RNNC_OK) s->current = 1 - s->current;
  return status;
}

)";

constexpr char kAllocateState[] =
    R"(    s->state[b][@k@] = calloc(@elems@ + 1u, sizeof(@type@));
    if (!s->state[b][@k@]) { @name@_stream_destroy(s); return NULL; }
)";
constexpr char kClearState[] = R"(    memset(s->state[b][@k@], 0, (@elems@) * sizeof(@type@));
)";
constexpr char kBatchCheck[] = R"(  if (@dim@ != s->batch) return RNNC_ERR_BAD_DIM;
)";

const char *dtypeEnum(DType t) {
  switch (t) {
  case DType::F32:
    return "RNNC_DTYPE_F32";
  case DType::F64:
    return "RNNC_DTYPE_F64";
  case DType::I32:
    return "RNNC_DTYPE_I32";
  case DType::I64:
    return "RNNC_DTYPE_I64";
  }
  return "0";
}

std::string tensorMacros(const ModelInterface &m, const std::string &upper, bool input,
                         size_t index, const TensorInterface &t) {
  const char *kind = input ? "INPUT" : "OUTPUT";
  std::string prefix = fmt::format("{}_{}{}", upper, kind, index);
  std::vector<std::string> sizes;
  bool isStatic = true;
  int64_t elements = 1;
  for (int64_t d : t.shape) {
    sizes.push_back(std::to_string(d));
    isStatic &= d >= 0;
    elements *= d;
  }
  return fill(
      kTensor,
      {{"kind", input ? "input" : "output"},
       {"index", std::to_string(index)},
       {"tensor", t.name},
       {"dtype", dtypeName(t.dtype)},
       {"shape", shapeText(m, t)},
       {"PREFIX", prefix},
       {"enum", dtypeEnum(t.dtype)},
       {"rank", std::to_string(t.shape.size())},
       {"sizes", llvm::join(sizes, ", ")},
       {"size",
        isStatic ? fmt::format("#define {}_SIZE {} /* elements */\n", prefix, elements) : ""},
       {"idLimit", t.idLimit > 0 ? fmt::format("#define {}_ID_LIMIT {} /* ids must lie in [0, "
                                               "{}) */\n",
                                               prefix, t.idLimit, t.idLimit)
                                 : ""}});
}

/// The static inline C that carries a stateful model's layer states between calls: the
/// state inputs and outputs of <name>_run live in a stream object, double-buffered.
std::string streamingHelpers(const ModelInterface &m) {
  std::vector<const TensorInterface *> states;
  for (const TensorInterface &t : m.inputs)
    if (t.stateIndex >= 0)
      states.push_back(&t);
  // Element count of a state for a batch held in `batch`.
  auto elements = [](const TensorInterface &t, llvm::StringRef batch) {
    std::vector<std::string> factors;
    for (int64_t d : t.shape)
      factors.push_back(d >= 0 ? std::to_string(d) + "u" : "(size_t)" + batch.str());
    return llvm::join(factors, " * ");
  };
  std::string allocate, clear;
  for (auto [k, t] : llvm::enumerate(states)) {
    Values values{{"k", std::to_string(k)},
                  {"elems", elements(*t, "batch")},
                  {"type", cTypeName(t->dtype)},
                  {"name", m.name}};
    allocate += fill(kAllocateState, values);
    values[1].second = elements(*t, "s->batch");
    clear += fill(kClearState, values);
  }
  int64_t batch = states.front()->shape[0];
  std::string batchCheck =
      batch >= 0 ? fmt::format("batch != {}", batch)
                 : fmt::format("batch < 0 || batch > ((int64_t)1 << {})", kMaxDimBits);

  // The chunk call's parameters: the dims and buffers of the tensors that are not states.
  std::vector<std::string> params = {fmt::format("{}_stream *s", m.name)}, args;
  if (m.externalWeights) {
    params.push_back("const void *weights");
    args.push_back("weights");
  }
  std::string batchChecks;
  for (size_t p = 0; p < m.dimSources.size(); ++p) {
    auto [in, dim] = m.dimSources[p];
    std::string name = dimName(m, int32_t(p));
    if (m.inputs[in].stateIndex >= 0) {
      args.push_back("s->batch");
      continue;
    }
    params.push_back("int64_t " + name);
    args.push_back(name);
    if (dim == 0)
      batchChecks += fill(kBatchCheck, {{"dim", name}});
  }
  for (const TensorInterface &t : m.inputs) {
    if (t.stateIndex >= 0) {
      args.push_back(
          fmt::format("(const {} *)s->state[s->current][{}]", cTypeName(t.dtype), t.stateIndex));
    } else {
      params.push_back(fmt::format("const {} *{}", cTypeName(t.dtype), t.cName));
      args.push_back(t.cName);
    }
  }
  for (const TensorInterface &t : m.outputs) {
    if (t.stateIndex >= 0) {
      args.push_back(
          fmt::format("({} *)s->state[1 - s->current][{}]", cTypeName(t.dtype), t.stateIndex));
    } else {
      params.push_back(fmt::format("{} *{}", cTypeName(t.dtype), t.cName));
      args.push_back(t.cName);
    }
  }
  return fill(kStreaming, {{"name", m.name},
                           {"states", std::to_string(states.size())},
                           {"batchCheck", batchCheck},
                           {"allocate", allocate},
                           {"clear", clear},
                           {"params", llvm::join(params, ", ")},
                           {"batchChecks", batchChecks},
                           {"args", llvm::join(args, ", ")}});
}

} // namespace

std::string dimName(const ModelInterface &m, int32_t param) {
  auto [in, dim] = m.dimSources[param];
  return fmt::format("{}_d{}", m.inputs[in].cName, dim);
}

std::string shapeText(const ModelInterface &m, const TensorInterface &t) {
  std::vector<std::string> dims;
  for (auto [size, param] : llvm::zip(t.shape, t.dimParam))
    dims.push_back(size >= 0 ? std::to_string(size) : dimName(m, param));
  return "[" + llvm::join(dims, ", ") + "]";
}

std::string runParameters(const ModelInterface &m) {
  std::vector<std::string> params;
  if (m.externalWeights)
    params.push_back("const void *weights");
  for (size_t p = 0; p < m.dimSources.size(); ++p)
    params.push_back("int64_t " + dimName(m, int32_t(p)));
  for (const TensorInterface &t : m.inputs)
    params.push_back(fmt::format("const {} *{}", cTypeName(t.dtype), t.cName));
  for (const TensorInterface &t : m.outputs)
    params.push_back(fmt::format("{} *{}", cTypeName(t.dtype), t.cName));
  return llvm::join(params, ", ");
}

std::string generateHeader(const ModelInterface &m) {
  std::string upper = llvm::StringRef(m.name).upper();
  std::string tensors;
  for (auto [i, t] : llvm::enumerate(m.inputs))
    tensors += tensorMacros(m, upper, true, i, t);
  for (auto [i, t] : llvm::enumerate(m.outputs))
    tensors += tensorMacros(m, upper, false, i, t);

  std::string joined = runParameters(m);

  bool streaming =
      llvm::any_of(m.inputs, [](const TensorInterface &t) { return t.stateIndex >= 0; });
  return fill(
      kHeader,
      {{"name", m.name},
       {"NAME", upper},
       {"abi", kModelABIHeader},
       {"inputs", std::to_string(m.inputs.size())},
       {"outputs", std::to_string(m.outputs.size())},
       {"dims", std::to_string(m.numDims)},
       {"precision", m.weightPrecision},
       {"tensors", tensors},
       {"params", joined},
       {"parallel", m.parallel ? fill(kParallel, {{"name", m.name},
                                                  {"params", joined.empty() ? "" : ", " + joined}})
                               : ""},
       {"weights",
        m.externalWeights
            ? fill(kWeights,
                   {{"name", m.name},
                    {"NAME", upper},
                    {"bytes", std::to_string(m.weightsBytes)},
                    {"precisionCode", findWeightPrecision(m.weightPrecision)->fileCodeMacro},
                    {"fingerprint", fmt::format("0x{:016x}", m.weightsFingerprint)}})
            : ""},
       {"streaming", streaming ? streamingHelpers(m) : ""}});
}

} // namespace rnnc
