// Describes a model function as the C ABI sees it, and writes its header.
#include "compiler/Target/ModelInterface.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>
#include "llvm/Support/FormatVariadic.h"

#include <fmt/format.h>

using namespace mlir;

namespace rnnc {

/// The text of runtime/include/rnnc/model_abi.h (generated at build time), so every
/// generated header is self-contained.
extern const char kModelABIHeader[];

namespace {

std::optional<DType> dtypeOf(Type t) {
  if (t.isF32())
    return DType::F32;
  if (t.isF64())
    return DType::F64;
  if (t.isInteger(32))
    return DType::I32;
  if (t.isInteger(64))
    return DType::I64;
  return std::nullopt;
}

using DimSource = std::pair<unsigned, int64_t>; // (argument, dim)

/// Constants (weights) are materialised, and packed, in the compiler's memory; the ONNX
/// importer's limit on initializers holds for every constant.
constexpr int64_t kMaxConstantElements = int64_t(1) << 31;

/// Why the static dims of `t` are too large to compile, or "" when they are not (or `t`
/// is no shaped type). Zero dims count as 1, as in the entry points' checks.
std::string staticSizeProblem(Type t) {
  auto shaped = llvm::dyn_cast<ShapedType>(t);
  if (!shaped || !shaped.hasRank())
    return "";
  Type elem = shaped.getElementType();
  int64_t bytes = elem.isIntOrFloat() ? std::max<int64_t>(1, (elem.getIntOrFloatBitWidth() + 7) / 8) : 8;
  for (auto [d, size] : llvm::enumerate(shaped.getShape())) {
    if (ShapedType::isDynamic(size))
      continue;
    if (size > kMaxDim)
      return llvm::formatv("dim {0} is {1}; dims may be at most 2^{2}", d, size, kMaxDimBits)
          .str();
    if (size > 1 && bytes > kMaxBytes / size)
      return llvm::formatv("its size passes 2^{0} bytes", kMaxBytesBits).str();
    bytes *= std::max<int64_t>(size, 1);
  }
  return "";
}

/// Reports the first argument or op result of `fn` whose static shape is too large.
LogicalResult checkStaticSizes(func::FuncOp fn) {
  for (auto [i, t] : llvm::enumerate(fn.getArgumentTypes())) {
    std::string why = staticSizeProblem(t);
    if (!why.empty())
      // At the function's location, without the whole function printed after it.
      return emitError(fn.getLoc()) << "input " << i << " has type " << t
                                    << ", which is too large to compile: " << why;
  }
  WalkResult walk = fn.walk([&](Operation *op) {
    for (OpResult r : op->getResults()) {
      std::string why = staticSizeProblem(r.getType());
      auto shaped = llvm::dyn_cast<ShapedType>(r.getType());
      if (why.empty() && op->hasTrait<OpTrait::ConstantLike>() && shaped &&
          shaped.hasStaticShape() && shaped.getNumElements() > kMaxConstantElements)
        why = llvm::formatv("a constant of {0} elements; weights may have at most 2^31",
                            shaped.getNumElements())
                  .str();
      if (!why.empty()) {
        op->emitOpError() << "result " << r.getResultNumber() << " has type " << r.getType()
                        << ", which is too large to compile: " << why;
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// Follows a dynamic dim of `v` back to the function argument dim it equals.
std::optional<DimSource> traceDim(Value v, int64_t dim, int depth = 0) {
  if (depth > 256)
    return std::nullopt;
  if (auto arg = llvm::dyn_cast<BlockArgument>(v)) {
    if (llvm::isa<func::FuncOp>(arg.getOwner()->getParentOp()))
      return DimSource{arg.getArgNumber(), dim};
    return std::nullopt;
  }
  Operation *op = v.getDefiningOp();
  auto next = [&](Value src, int64_t d) { return traceDim(src, d, depth + 1); };
  if (llvm::isa<rnn::RNNDialect>(op->getDialect())) {
    if (auto src = rnn::getResultDimSource(llvm::cast<OpResult>(v), dim))
      return next(src->first, src->second);
    return std::nullopt;
  }
  if (auto cast = llvm::dyn_cast<tensor::CastOp>(op))
    return next(cast.getSource(), dim);
  // Reshapes keep a dim that is alone in its reassociation group (Flatten's batch).
  if (auto collapse = llvm::dyn_cast<tensor::CollapseShapeOp>(op)) {
    ReassociationIndices group = collapse.getReassociationIndices()[dim];
    return group.size() == 1 ? next(collapse.getSrc(), group[0]) : std::nullopt;
  }
  if (auto expand = llvm::dyn_cast<tensor::ExpandShapeOp>(op)) {
    for (auto [source, group] :
         llvm::enumerate(expand.getReassociationIndices()))
      if (llvm::is_contained(group, dim))
        return group.size() == 1 ? next(expand.getSrc(), source) : std::nullopt;
    return std::nullopt;
  }
  if (auto empty = llvm::dyn_cast<tensor::EmptyOp>(op)) {
    Value size = empty.getDynamicSize(dim);
    if (auto dimOp = size.getDefiningOp<tensor::DimOp>())
      if (std::optional<int64_t> d = dimOp.getConstantIndex())
        return next(dimOp.getSource(), *d);
    return std::nullopt;
  }
  if (auto dps = llvm::dyn_cast<DestinationStyleOpInterface>(op))
    return next(dps.getTiedOpOperand(llvm::cast<OpResult>(v))->get(), dim);
  if (op->hasTrait<OpTrait::Elementwise>() ||
      op->hasTrait<OpTrait::SameOperandsAndResultShape>())
    return next(op->getOperand(0), dim);
  // Other upstream ops (reshapes, slices) say how to compute their result dims; when a
  // dim is a tensor.dim of an operand, follow it. The ops built to ask are erased.
  if (auto reify = llvm::dyn_cast<ReifyRankedShapedTypeOpInterface>(op)) {
    OpBuilder b(op);
    struct Created : OpBuilder::Listener {
      SmallVector<Operation *> ops;
      void notifyOperationInserted(Operation *op,
                                   OpBuilder::InsertPoint) override {
        ops.push_back(op);
      }
    } created;
    b.setListener(&created);
    ReifiedRankedShapedTypeDims dims;
    std::optional<DimSource> found;
    if (succeeded(reify.reifyResultShapes(b, dims))) {
      OpFoldResult size = dims[llvm::cast<OpResult>(v).getResultNumber()][dim];
      if (auto sizeValue = llvm::dyn_cast<Value>(size))
        if (auto dimOp = sizeValue.getDefiningOp<tensor::DimOp>())
          if (std::optional<int64_t> d = dimOp.getConstantIndex())
            found = next(dimOp.getSource(), *d);
    }
    for (Operation *c : llvm::reverse(created.ops))
      c->erase();
    return found;
  }
  return std::nullopt;
}

TensorInterface describeTensor(Type type, std::string name) {
  auto t = llvm::cast<RankedTensorType>(type);
  TensorInterface ti;
  ti.name = std::move(name);
  ti.dtype = *dtypeOf(t.getElementType());
  for (int64_t d : t.getShape())
    ti.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  ti.dimParam.assign(t.getRank(), -1);
  return ti;
}

int64_t stateIndexOf(func::FuncOp fn, bool input, unsigned i) {
  DictionaryAttr attrs = input ? fn.getArgAttrDict(i) : fn.getResultAttrDict(i);
  if (attrs)
    if (auto index = attrs.getAs<IntegerAttr>("rnn.state"))
      return index.getInt();
  return -1;
}

std::string nameOf(func::FuncOp fn, bool input, unsigned i) {
  DictionaryAttr attrs = input ? fn.getArgAttrDict(i) : fn.getResultAttrDict(i);
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("rnn.name"))
      return name.str();
  return (input ? "input" : "output") + std::to_string(i);
}

} // namespace

namespace {
/// C and C++ keywords, which cannot name a parameter in the generated header.
bool isReserved(StringRef word) {
  static const char *const words[] = {
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch",
      "char", "class", "const", "constexpr", "continue", "default", "delete", "do",
      "double", "else", "enum", "explicit", "export", "extern", "false", "float",
      "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace",
      "new", "noexcept", "not", "nullptr", "operator", "or", "private", "protected",
      "public", "register", "restrict", "return", "short", "signed", "sizeof",
      "static", "struct", "switch", "template", "this", "throw", "true", "try",
      "typedef", "typename", "union", "unsigned", "using", "virtual", "void",
      "volatile", "while", "xor"};
  return llvm::is_contained(words, word) || word.starts_with("__") ||
         (word.size() > 1 && word[0] == '_' && std::isupper(word[1]));
}
} // namespace

std::string sanitizeIdentifier(StringRef text, StringRef prefix) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (gap && !out.empty())
        out += '_';
      out += c;
      gap = false;
    } else {
      gap = true; // '_' included: "a__b" and "a-_b" both read "a_b"
    }
  }
  if (out.empty())
    return prefix.str();
  if (std::isdigit(static_cast<unsigned char>(out[0])) || isReserved(out))
    return prefix.str() + "_" + out;
  return out;
}

FailureOr<ModelInterface> describeModel(func::FuncOp fn, StringRef name) {
  ModelInterface model;
  model.name = name.str();
  FunctionType type = fn.getFunctionType();
  for (auto [isInput, types] :
       {std::pair<bool, TypeRange>{true, type.getInputs()},
        {false, type.getResults()}})
    for (auto [i, t] : llvm::enumerate(types)) {
      auto tensor = llvm::dyn_cast<RankedTensorType>(t);
      if (!tensor || !dtypeOf(tensor.getElementType()))
        return emitError(fn.getLoc()) << (isInput ? "input " : "output ") << i
                              << " has type " << t
                              << "; compiled models take and return ranked "
                                 "tensors of f32, f64, i32 or i64";
    }
  if (type.getNumResults() == 0)
    return emitError(fn.getLoc()) << "the model function '" << fn.getSymName()
                                  << "' returns nothing; a model returns at least one tensor";
  if (failed(checkStaticSizes(fn)))
    return failure();
  fn.walk([&](rnn::RequireOp op) {
    model.requirements.push_back(op.getMessage().str());
  });
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    TensorInterface ti = describeTensor(t, nameOf(fn, true, i));
    ti.stateIndex = stateIndexOf(fn, true, i);
    for (OpOperand &use : fn.getArgument(i).getUses())
      if (auto emb = llvm::dyn_cast<rnn::EmbeddingOp>(use.getOwner()))
        if (&use == &emb.getIdsMutable()) {
          int64_t vocab =
              llvm::cast<RankedTensorType>(emb.getTable().getType()).getDimSize(0);
          ti.idLimit = ti.idLimit < 0 ? vocab : std::min(ti.idLimit, vocab);
        }
    for (auto [d, size] : llvm::enumerate(ti.shape))
      if (size < 0) {
        ti.dimParam[d] = model.numDims++;
        model.dimSources.push_back({int32_t(i), int32_t(d)});
      }
    model.inputs.push_back(std::move(ti));
  }
  auto ret = llvm::cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    TensorInterface ti = describeTensor(t, nameOf(fn, false, i));
    ti.stateIndex = stateIndexOf(fn, false, i);
    for (auto [d, size] : llvm::enumerate(ti.shape)) {
      if (size >= 0)
        continue;
      Value out = ret.getOperand(i);
      std::optional<DimSource> src = traceDim(out, d);
      if (!src) {
        // Located at what computes the output (an importer's node), not at the model.
        Operation *producer = out.getDefiningOp();
        return emitError(producer ? producer->getLoc() : fn.getLoc())
               << "cannot tell dimension " << d << " of output " << i << " ('" << ti.name
               << "') from the inputs' dimensions: a dynamic output dim must equal one of "
                  "theirs, for callers to size the output";
      }
      ti.dimParam[d] = model.inputs[src->first].dimParam[src->second];
      if (ti.dimParam[d] < 0) {
        // The output dim equals a static input dim: it is static after all.
        ti.shape[d] = model.inputs[src->first].shape[src->second];
      }
    }
    model.outputs.push_back(std::move(ti));
  }
  // The header names a parameter after each tensor: make the names distinct.
  llvm::StringSet<> used;
  for (TensorInterface &t : llvm::concat<TensorInterface>(model.inputs,
                                                          model.outputs)) {
    bool isInput = &t >= model.inputs.data() && &t < model.inputs.data() + model.inputs.size();
    std::string base = sanitizeIdentifier(t.name, isInput ? "input" : "output"),
                candidate = base;
    for (int i = 2; !used.insert(candidate).second; ++i)
      candidate = base + "_" + std::to_string(i);
    t.cName = candidate;
  }
  return model;
}

std::string encodeWeightsFile(const ModelInterface &model,
                              ArrayRef<char> payload) {
  std::string file(64, '\0');
  std::memcpy(&file[0], "RNNCWGT1", 8);
  uint64_t fields[2] = {model.weightsFingerprint, uint64_t(payload.size())};
  for (int i = 0; i < 2; ++i)
    for (int byte = 0; byte < 8; ++byte)
      file[8 + 8 * i + byte] = char((fields[i] >> (8 * byte)) & 0xff);
  file.append(payload.begin(), payload.end());
  return file;
}

const char *cTypeName(DType t) {
  switch (t) {
  case DType::F32:
    return "float";
  case DType::F64:
    return "double";
  case DType::I32:
    return "int32_t";
  case DType::I64:
    return "int64_t";
  }
  return "void";
}

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  }
  return "?";
}

namespace {
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

std::string shapeText(const ModelInterface &m, const TensorInterface &t) {
  std::string s = "[";
  for (size_t d = 0; d < t.shape.size(); ++d) {
    if (d)
      s += ", ";
    if (t.shape[d] >= 0) {
      s += std::to_string(t.shape[d]);
    } else {
      auto [in, dim] = m.dimSources[t.dimParam[d]];
      s += fmt::format("{}_d{}", m.inputs[in].cName, dim);
    }
  }
  return s + "]";
}
} // namespace

namespace {

/// Static inline C that loads a weights file written for this model's architecture.
std::string generateWeightsHelpers(const ModelInterface &m,
                                   const std::string &upper) {
  std::string s;
  auto line = [&](const std::string &text) { s += text + "\n"; };
  std::string n = m.name;
  line("");
  line("/* External weights (rnnc --weights=external): <name>_run reads the weights from a");
  line(" * buffer the caller passes first. rnnc wrote them to a file beside the object:");
  line(" * a 64-byte header (\"RNNCWGT1\", the layout fingerprint and the payload size as");
  line(" * little-endian 64-bit integers, zero padding) and the payload, the weights as the");
  line(" * kernels read them. Any file rnnc wrote for a model of the same architecture");
  line(" * (same layers and sizes) fits; others are refused by their fingerprint. */");
  line(fmt::format("#define {}_WEIGHTS_BYTES {}", upper, m.weightsBytes));
  line(fmt::format("#define {}_WEIGHTS_FINGERPRINT 0x{:016x}ull", upper,
                   m.weightsFingerprint));
  line("");
  line("/* Loads a weights file: the payload, 64-byte aligned, for <name>_run; NULL with");
  line(" * *error set to a static message when the file cannot be read or does not fit. */");
  line(fmt::format("static inline void *{}_weights_load(const char *path, const char **error) {{",
                   n));
  line("  unsigned char header[64];");
  line("  unsigned char *raw, *data;");
  line("  unsigned long long fields[2] = {0, 0};");
  line("  int i, b;");
  line("  FILE *f = fopen(path, \"rb\");");
  line("  if (!f) { *error = \"cannot open the weights file\"; return NULL; }");
  line("  if (fread(header, 1, 64, f) != 64 || memcmp(header, \"RNNCWGT1\", 8) != 0) {");
  line("    fclose(f); *error = \"not a weights file written by rnnc\"; return NULL;");
  line("  }");
  line("  for (i = 0; i < 2; ++i)");
  line("    for (b = 7; b >= 0; --b) fields[i] = (fields[i] << 8) | header[8 + 8 * i + b];");
  line(fmt::format("  if (fields[0] != {}_WEIGHTS_FINGERPRINT || fields[1] != {}_WEIGHTS_BYTES) {{",
                   upper, upper));
  line("    fclose(f);");
  line("    *error = \"the weights file was written for a model of another architecture\";");
  line("    return NULL;");
  line("  }");
  line(fmt::format("  raw = (unsigned char *)malloc({}_WEIGHTS_BYTES + 64 + sizeof(void *));",
                   upper));
  line("  if (!raw) { fclose(f); *error = \"out of memory\"; return NULL; }");
  line("  data = raw + sizeof(void *);");
  line("  data += (64 - ((size_t)data % 64)) % 64;");
  line("  ((void **)data)[-1] = raw;");
  line(fmt::format("  if (fread(data, 1, {}_WEIGHTS_BYTES, f) != {}_WEIGHTS_BYTES || fgetc(f) != EOF) {{",
                   upper, upper));
  line("    free(raw); fclose(f);");
  line("    *error = \"the weights file is truncated or has trailing data\";");
  line("    return NULL;");
  line("  }");
  line("  fclose(f);");
  line("  return data;");
  line("}");
  line("");
  line("/* Frees what <name>_weights_load returned. */");
  line(fmt::format("static inline void {}_weights_free(void *weights) {{", n));
  line("  if (weights) free(((void **)weights)[-1]);");
  line("}");
  return s;
}

/// Static inline C that carries a stateful model's layer states between calls: the
/// state inputs and outputs of <name>_run live in a stream object, double-buffered.
std::string generateStreamingHelpers(const ModelInterface &m,
                                     const std::string &upper) {
  std::vector<const TensorInterface *> stateIn, dataIn, stateOut, dataOut;
  for (const TensorInterface &t : m.inputs)
    (t.stateIndex >= 0 ? stateIn : dataIn).push_back(&t);
  for (const TensorInterface &t : m.outputs)
    (t.stateIndex >= 0 ? stateOut : dataOut).push_back(&t);
  std::string s;
  auto line = [&](const std::string &text) { s += text + "\n"; };
  std::string n = m.name;
  size_t numStates = stateIn.size();

  line("");
  line("/* Streaming: the model keeps each recurrent layer's state between calls, so a");
  line(" * sequence fed in chunks of timesteps gives the outputs of one call over the whole");
  line(" * sequence. A stream serves one batch of sequences; it is not thread-safe, but");
  line(" * distinct streams are independent. */");
  line(fmt::format("typedef struct {}_stream {{", n));
  line("  int64_t batch;");
  line("  int current; /* which of the two buffers holds the state */");
  line(fmt::format("  void *state[2][{}];", numStates));
  line(fmt::format("}} {}_stream;", n));
  line("");
  line(fmt::format("static inline void {}_stream_destroy({}_stream *s);", n, n));
  line("");
  // Element count of state k for a batch.
  auto stateElems = [&](const TensorInterface &t) {
    std::string e;
    for (size_t d = 0; d < t.shape.size(); ++d)
      e += (d ? " * " : "") +
           (t.shape[d] >= 0 ? std::to_string(t.shape[d]) + "u"
                            : std::string("(size_t)batch"));
    return e;
  };
  line("/* A stream for `batch` sequences, its state zero; NULL when the batch does not");
  line(" * fit the model or memory runs out. */");
  line(fmt::format("static inline {}_stream *{}_stream_create(int64_t batch) {{", n, n));
  line(fmt::format("  {}_stream *s;", n));
  line("  int b;");
  if (stateIn.front()->shape[0] >= 0)
    line(fmt::format("  if (batch != {}) return NULL;", stateIn.front()->shape[0]));
  else
    line(fmt::format("  if (batch < 0 || batch > ((int64_t)1 << {})) return NULL;", kMaxDimBits));
  line(fmt::format("  s = ({}_stream *)calloc(1, sizeof *s);", n));
  line("  if (!s) return NULL;");
  line("  s->batch = batch;");
  line("  for (b = 0; b < 2; ++b) {");
  for (size_t k = 0; k < numStates; ++k) {
    const TensorInterface &t = *stateIn[k];
    line(fmt::format("    s->state[b][{}] = calloc({} + 1u, sizeof({}));", k,
                     stateElems(t), cTypeName(t.dtype)));
    line(fmt::format("    if (!s->state[b][{}]) {{ {}_stream_destroy(s); return NULL; }}", k,
                     n));
  }
  line("  }");
  line("  return s;");
  line("}");
  line("");
  line("/* Sets every layer's state back to zero: the next call starts new sequences. */");
  line(fmt::format("static inline void {}_stream_reset({}_stream *s) {{", n, n));
  line("  int b;");
  line("  for (b = 0; b < 2; ++b) {");
  for (size_t k = 0; k < numStates; ++k) {
    const TensorInterface &t = *stateIn[k];
    line(fmt::format("    memset(s->state[b][{}], 0, ({}) * sizeof({}));", k,
                     [&] {
                       std::string e = stateElems(t);
                       for (size_t pos = e.find("batch"); pos != std::string::npos;
                            pos = e.find("batch", pos + 8))
                         e.replace(pos, 5, "s->batch");
                       return e;
                     }(),
                     cTypeName(t.dtype)));
  }
  line("  }");
  line("}");
  line("");
  line(fmt::format("static inline void {}_stream_destroy({}_stream *s) {{", n, n));
  line("  int b, k;");
  line("  if (!s) return;");
  line(fmt::format("  for (b = 0; b < 2; ++b) for (k = 0; k < {}; ++k) free(s->state[b][k]);",
                   numStates));
  line("  free(s);");
  line("}");
  line("");

  // Parameters of the chunk call: the dims and buffers of the non-state tensors.
  std::vector<std::string> params = {fmt::format("{}_stream *s", n)};
  std::vector<std::string> args;
  if (m.externalWeights) {
    params.push_back("const void *weights");
    args.push_back("weights");
  }
  std::vector<std::string> batchChecks;
  for (size_t p = 0; p < m.dimSources.size(); ++p) {
    auto [in, dim] = m.dimSources[p];
    const TensorInterface &t = m.inputs[in];
    std::string dimName = fmt::format("{}_d{}", t.cName, dim);
    if (t.stateIndex >= 0) {
      args.push_back("s->batch");
    } else {
      params.push_back("int64_t " + dimName);
      args.push_back(dimName);
      if (dim == 0)
        batchChecks.push_back(dimName);
    }
  }
  for (const TensorInterface &t : m.inputs) {
    if (t.stateIndex >= 0) {
      args.push_back(fmt::format("(const {} *)s->state[s->current][{}]",
                                 cTypeName(t.dtype), t.stateIndex));
    } else {
      params.push_back(fmt::format("const {} *{}", cTypeName(t.dtype), t.cName));
      args.push_back(t.cName);
    }
  }
  for (const TensorInterface &t : m.outputs) {
    if (t.stateIndex >= 0) {
      args.push_back(fmt::format("({} *)s->state[1 - s->current][{}]",
                                 cTypeName(t.dtype), t.stateIndex));
    } else {
      params.push_back(fmt::format("{} *{}", cTypeName(t.dtype), t.cName));
      args.push_back(t.cName);
    }
  }
  auto join = [](const std::vector<std::string> &v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i)
      out += (i ? ", " : "") + v[i];
    return out;
  };
  line("/* Runs one chunk of timesteps, starting from the state the previous chunk left;");
  line(" * on success the stream holds the state after this chunk. On an error status the");
  line(" * state is unchanged. */");
  line(fmt::format("static inline int32_t {}_stream_run({}) {{", n, join(params)));
  line("  int32_t status;");
  line("  if (!s) return RNNC_ERR_NULL_BUFFER;");
  for (const std::string &dimName : batchChecks)
    line(fmt::format("  if ({} != s->batch) return RNNC_ERR_BAD_DIM;", dimName));
  line(fmt::format("  status = {}_run({});", n, join(args)));
  line("  if (status == RNNC_OK) s->current = 1 - s->current;");
  line("  return status;");
  line("}");
  line("");
  return s;
}

} // namespace

std::string generateHeader(const ModelInterface &m) {
  std::string upper;
  for (char c : m.name)
    upper += std::toupper(static_cast<unsigned char>(c));
  std::string h;
  auto line = [&](const std::string &s) { h += s + "\n"; };
  line(fmt::format("/* {}.h: the C interface of model '{}', compiled by rnnc.", m.name,
                   m.name));
  line(" * Link the object rnnc wrote beside this header; C99 and C++ compatible. */");
  line(fmt::format("#ifndef RNNC_MODEL_{}_H", upper));
  line(fmt::format("#define RNNC_MODEL_{}_H", upper));
  line("");
  h += kModelABIHeader;
  line("");
  line("#include <stdio.h>");
  line("#include <stdlib.h>");
  line("#include <string.h>");
  line("");
  line("#ifdef __cplusplus");
  line("extern \"C\" {");
  line("#endif");
  line("");
  line(fmt::format("#define {}_NUM_INPUTS {}", upper, m.inputs.size()));
  line(fmt::format("#define {}_NUM_OUTPUTS {}", upper, m.outputs.size()));
  line(fmt::format("#define {}_NUM_DIMS {}", upper, m.numDims));
  auto describe = [&](const char *kind, size_t i, const TensorInterface &t) {
    std::string prefix = fmt::format("{}_{}{}", upper, kind, i);
    line("");
    line(fmt::format("/* {} {} '{}': {} {} */", kind[0] == 'I' ? "input" : "output", i,
                     t.name, dtypeName(t.dtype), shapeText(m, t)));
    line(fmt::format("#define {}_DTYPE {}", prefix, dtypeEnum(t.dtype)));
    line(fmt::format("#define {}_RANK {}", prefix, t.shape.size()));
    std::string dims;
    for (size_t d = 0; d < t.shape.size(); ++d)
      dims += (d ? ", " : "") + std::to_string(t.shape[d]);
    line(fmt::format("#define {}_SHAPE {{ {} }} /* -1: dynamic */", prefix, dims));
    bool isStatic = std::all_of(t.shape.begin(), t.shape.end(),
                                [](int64_t d) { return d >= 0; });
    if (isStatic) {
      int64_t n = 1;
      for (int64_t d : t.shape)
        n *= d;
      line(fmt::format("#define {}_SIZE {} /* elements */", prefix, n));
    }
    if (t.idLimit > 0)
      line(fmt::format("#define {}_ID_LIMIT {} /* ids must lie in [0, {}) */", prefix,
                       t.idLimit, t.idLimit));
  };
  for (size_t i = 0; i < m.inputs.size(); ++i)
    describe("INPUT", i, m.inputs[i]);
  for (size_t i = 0; i < m.outputs.size(); ++i)
    describe("OUTPUT", i, m.outputs[i]);

  std::vector<std::string> params;
  if (m.externalWeights)
    params.push_back("const void *weights");
  for (auto [in, dim] : m.dimSources)
    params.push_back(
        fmt::format("int64_t {}_d{}", m.inputs[in].cName, dim));
  for (const TensorInterface &t : m.inputs)
    params.push_back(fmt::format("const {} *{}", cTypeName(t.dtype), t.cName));
  for (const TensorInterface &t : m.outputs)
    params.push_back(fmt::format("{} *{}", cTypeName(t.dtype), t.cName));
  std::string joined;
  for (size_t i = 0; i < params.size(); ++i)
    joined += (i ? ", " : "") + params[i];
  line("");
  line("/* Runs the model on caller-owned, dense, C-order buffers (shapes above; a dynamic");
  line(" * dim is the parameter of the same name; a dim of 0 is valid: an empty batch writes");
  line(" * nothing, an empty sequence gives the initial state). Returns RNNC_OK (0) or an");
  line(" * rnnc_status; never aborts. Keeps no state: concurrent calls on distinct outputs");
  line(" * are safe. */");
  line(fmt::format("int32_t {}_run({});", m.name, joined));
  if (m.parallel) {
    line("");
    line("/* The same on a thread pool: every thread of `threads` runs part of the model");
    line(" * (rows of the batch, or at batch 1 columns of each step), with the same results,");
    line(" * bit for bit, for any number of threads. RNNC_ERR_BAD_THREADS for a NULL or empty");
    line(" * pool. Calls on one pool must not overlap. */");
    line(fmt::format("int32_t {}_run_parallel(const rnnc_threads *threads{}{});", m.name,
                     joined.empty() ? "" : ", ", joined));
  }
  if (m.externalWeights)
    h += generateWeightsHelpers(m, upper);
  line("");
  line("/* A static message for a status returned by the run function. */");
  line(fmt::format("const char *{}_status_message(int32_t status);", m.name));
  line("");
  if (std::any_of(m.inputs.begin(), m.inputs.end(),
                  [](const TensorInterface &t) { return t.stateIndex >= 0; }))
    h += generateStreamingHelpers(m, upper);
  line("/* The descriptor librnnrt uses to introspect and call the model. */");
  line(fmt::format("extern const rnnc_model {}_model;", m.name));
  line("");
  line("#ifdef __cplusplus");
  line("}");
  line("#endif");
  line("");
  line(fmt::format("#endif /* RNNC_MODEL_{}_H */", upper));
  return h;
}

} // namespace rnnc
