// Writes `rnnc --emit=summary`: the layers of the prepared model function with their output
// shapes, parameters and FLOPs, the totals, and the C entry points and tensors.
#include "compiler/Target/ModelSummary.h"
#include "compiler/Target/ModelHeader.h"
#include "compiler/Utils/ModelABI.h"
#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include "llvm/ADT/StringExtras.h"

#include <fmt/format.h>

using namespace mlir;

namespace rnnc {
namespace {

/// The name a frontend gave the op (a Keras layer, an ONNX node), else its line in an .mlir
/// file, or "".
std::string layerName(Location loc) {
  if (auto name = llvm::dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto file = llvm::dyn_cast<FileLineColLoc>(loc); file && file.getLine() > 0)
    return fmt::format("line {}", file.getLine());
  if (auto fused = llvm::dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string name = layerName(inner); !name.empty())
        return name;
  return "";
}

/// Elements of a shaped type, dynamic dims counted as 1.
int64_t elements(Type type, bool &dynamic) {
  auto shaped = llvm::dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return 0;
  int64_t n = 1;
  for (int64_t d : shaped.getShape()) {
    dynamic |= ShapedType::isDynamic(d);
    n *= ShapedType::isDynamic(d) ? 1 : d;
  }
  return n;
}

std::string shapeOf(Type type) {
  auto shaped = llvm::dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return "?";
  std::vector<std::string> dims;
  for (int64_t d : shaped.getShape())
    dims.push_back(ShapedType::isDynamic(d) ? "?" : std::to_string(d));
  std::string elem;
  llvm::raw_string_ostream os(elem);
  os << shaped.getElementType();
  return (dims.empty() ? "" : llvm::join(dims, "x") + "x") + elem;
}

/// 1234567 -> "1,234,567".
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-')
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string bytesText(int64_t bytes) {
  if (bytes < 1024)
    return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024)
    return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

struct Layer {
  std::string name, op, output;
  int64_t parameters = 0, flops = 0;
};

/// The weights an op reads and the multiply-adds of its matrix products (2 FLOPs each), per
/// row of its input (batch x time, or the leading dims of a dense layer's input).
void measure(Operation *op, Layer &layer, bool &dynamic) {
  auto matmuls = [&](Value input, std::initializer_list<Value> matrices) {
    auto type = llvm::cast<ShapedType>(input.getType());
    int64_t rows = elements(type, dynamic) / std::max<int64_t>(1, type.getShape().back());
    if (ShapedType::isDynamic(type.getShape().back()))
      rows = elements(type, dynamic);
    for (Value m : matrices) {
      auto shape = llvm::cast<ShapedType>(m.getType()).getShape();
      layer.flops += 2 * rows * std::max<int64_t>(1, shape[0]) * std::max<int64_t>(1, shape[1]);
    }
  };
  auto weights = [&](std::initializer_list<Value> values) {
    for (Value v : values)
      if (v)
        layer.parameters += elements(v.getType(), dynamic);
  };
  if (auto rnn = llvm::dyn_cast<rnn::SimpleRNNOp>(op)) {
    weights({rnn.getKernel(), rnn.getRecurrentKernel(), rnn.getBias()});
    matmuls(rnn.getInput(), {rnn.getKernel(), rnn.getRecurrentKernel()});
  } else if (auto bi = llvm::dyn_cast<rnn::BidirectionalOp>(op)) {
    weights({bi.getForwardKernel(), bi.getForwardRecurrentKernel(), bi.getForwardBias(),
             bi.getBackwardKernel(), bi.getBackwardRecurrentKernel(), bi.getBackwardBias()});
    matmuls(bi.getInput(), {bi.getForwardKernel(), bi.getForwardRecurrentKernel(),
                            bi.getBackwardKernel(), bi.getBackwardRecurrentKernel()});
  } else if (auto lstm = llvm::dyn_cast<rnn::LSTMOp>(op)) {
    weights({lstm.getKernel(), lstm.getRecurrentKernel(), lstm.getBias(), lstm.getPeepholes()});
    matmuls(lstm.getInput(), {lstm.getKernel(), lstm.getRecurrentKernel()});
  } else if (auto gru = llvm::dyn_cast<rnn::GRUOp>(op)) {
    weights({gru.getKernel(), gru.getRecurrentKernel(), gru.getBias(), gru.getRecurrentBias()});
    matmuls(gru.getInput(), {gru.getKernel(), gru.getRecurrentKernel()});
  } else if (auto dense = llvm::dyn_cast<rnn::DenseOp>(op)) {
    weights({dense.getKernel(), dense.getBias()});
    matmuls(dense.getInput(), {dense.getKernel()});
  } else if (auto embedding = llvm::dyn_cast<rnn::EmbeddingOp>(op)) {
    weights({embedding.getTable()});
  }
}

/// Bytes of a static int or float shaped type, an i1 taking a byte.
int64_t bytesOf(ShapedType type) {
  return type.getNumElements() * ((type.getElementType().getIntOrFloatBitWidth() + 7) / 8);
}

/// Bytes of the constant buffers the compiled object holds: the weights as the kernels read
/// them (packed into panels, narrowed), plus any other constant.
int64_t packedWeightBytes(ModuleOp buffers) {
  int64_t bytes = 0;
  for (auto global : buffers.getOps<memref::GlobalOp>()) {
    MemRefType type = global.getType();
    if (global.getConstant() && type.hasStaticShape() && type.getElementType().isIntOrFloat())
      bytes += bytesOf(type);
  }
  return bytes;
}

/// The work buffers line: where rnn-plan-workspace put them and how big they are, as a sum
/// over the dynamic dims ("64 * x_d0 * x_d1 + 32 * x_d0 bytes").
std::string workBuffers(ModuleOp buffers, const ModelInterface &m) {
  DictionaryAttr plan; // the serial run's: a worker copy shares the caller's block
  for (auto fn : buffers.getOps<func::FuncOp>())
    if (fn->hasAttr(kABIAttrName) && !fn->hasAttr("rnn.workers"))
      plan = fn->getAttrOfType<DictionaryAttr>(kWorkspaceAttrName);
  auto place = plan ? plan.getAs<StringAttr>("place") : StringAttr();
  auto list = plan ? plan.getAs<ArrayAttr>("buffers") : ArrayAttr();
  if (!place || !list)
    return "not planned";
  if (list.empty())
    return "none";
  // Bytes per product of dims.
  std::vector<std::pair<std::string, int64_t>> terms;
  bool unknown = false;
  int64_t alignedBytes = 0; // all of them, when every size is static
  for (Attribute attr : list) {
    auto size = llvm::dyn_cast<DenseI64ArrayAttr>(attr);
    if (!size || size.empty() || size.size() % 2 == 0)
      return "not planned";
    ArrayRef<int64_t> v = size.asArrayRef();
    std::vector<std::string> dims;
    for (size_t i = 1; i + 1 < v.size(); i += 2) {
      int64_t arg = v[i], dim = v[i + 1], numIn = int64_t(m.inputs.size());
      const TensorInterface *t = nullptr;
      if (arg >= 0 && arg < numIn)
        t = &m.inputs[arg];
      else if (arg >= numIn && arg - numIn < int64_t(m.outputs.size()))
        t = &m.outputs[arg - numIn];
      if (!t || dim < 0 || dim >= int64_t(t->dimParam.size()) || t->dimParam[dim] < 0) {
        unknown = true;
        dims.push_back("?");
      } else {
        dims.push_back(dimName(m, t->dimParam[dim]));
      }
    }
    alignedBytes += llvm::alignTo(v[0], kBufferAlignment);
    llvm::sort(dims);
    std::string key = llvm::join(dims, " * ");
    auto it = llvm::find_if(terms, [&](const auto &term) { return term.first == key; });
    if (it == terms.end())
      terms.emplace_back(key, v[0]);
    else
      it->second += v[0];
  }
  std::string where = place.getValue() == "stack"    ? "on the stack"
                      : place.getValue() == "caller" ? "in a block the caller passes"
                                                     : "in one heap block";
  std::string count = fmt::format("{} buffer{}", list.size(), list.size() == 1 ? "" : "s");
  // The constant first, then by the number of dims they multiply.
  llvm::stable_sort(terms, [](const auto &x, const auto &y) {
    return llvm::count(x.first, '*') + !x.first.empty() <
           llvm::count(y.first, '*') + !y.first.empty();
  });
  std::vector<std::string> sum;
  for (const auto &[dims, bytes] : terms)
    sum.push_back(dims.empty() ? grouped(bytes) : fmt::format("{} * {}", grouped(bytes), dims));
  if (terms.size() == 1 && terms[0].first.empty() && !unknown)
    return fmt::format("{} {}, {}", count, where, bytesText(alignedBytes));
  std::string text = fmt::format("{} {}, {} bytes", count, where, llvm::join(sum, " + "));
  if (list.size() > 1)
    text += fmt::format(", each buffer rounded up to {} B", kBufferAlignment);
  if (unknown)
    text += "; ? stands for a size computed from the dynamic dims";
  return text;
}

} // namespace

std::string summarizeModel(func::FuncOp fn, const ModelInterface &m, ModuleOp buffers,
                           llvm::StringRef target) {
  bool dynamic = false;
  std::vector<Layer> layers;
  int64_t otherOps = 0, weightBytes = 0;
  for (Operation &op : fn.getBody().getOps()) {
    if (auto constant = llvm::dyn_cast<arith::ConstantOp>(op)) {
      auto type = llvm::dyn_cast<ShapedType>(constant.getType());
      if (type && type.hasStaticShape() && type.getElementType().isIntOrFloat())
        weightBytes += bytesOf(type);
      continue;
    }
    if (llvm::isa<func::ReturnOp, rnn::RequireOp>(op))
      continue;
    if (!llvm::isa<rnn::RNNDialect>(op.getDialect())) {
      ++otherOps;
      continue;
    }
    Layer layer;
    layer.name = layerName(op.getLoc());
    layer.op = op.getName().getStringRef().str();
    std::vector<std::string> outputs;
    for (Type t : op.getResultTypes())
      outputs.push_back(shapeOf(t));
    layer.output = llvm::join(outputs, ", ");
    measure(&op, layer, dynamic);
    layers.push_back(std::move(layer));
  }

  int64_t parameters = 0, flops = 0;
  for (const Layer &l : layers) {
    parameters += l.parameters;
    flops += l.flops;
  }
  std::string s;
  auto plural = [](size_t n, const char *word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  s += fmt::format("model '{}': {}, {}, {} parameters, {} of constants\n", m.name,
                   plural(m.inputs.size(), "input"), plural(m.outputs.size(), "output"),
                   grouped(parameters), bytesText(weightBytes));
  s += fmt::format("{} FLOPs per call{}\n", grouped(flops),
                   dynamic ? " with every dynamic dim (?) at 1; they grow with those dims" : "");
  s += fmt::format(
      "compiled for {}: {} of weights packed as the kernels read them{}\n", target.str(),
      bytesText(packedWeightBytes(buffers)),
      m.weightPrecision == "f32" ? ""
      : roundsStateToBF16(m.weightPrecision)
          ? std::string(" (matrices in bf16; the recurrent products read the state rounded "
                        "to bf16, with the bf16 dot product)")
      : quantizesToInt8(m.weightPrecision)
          ? std::string(" (matrices in int8, in quads of rows; every int8 product reads its "
                        "operand quantized to 8 bits per row, with the int8 dot product)")
          : fmt::format(" (matrices in {}, widened to float32 in registers)", m.weightPrecision));
  s += fmt::format("work buffers per call: {}\n", workBuffers(buffers, m));

  size_t nameWidth = 5, opWidth = 2, outWidth = 6;
  for (const Layer &l : layers) {
    nameWidth = std::max(nameWidth, l.name.size());
    opWidth = std::max(opWidth, l.op.size());
    outWidth = std::max(outWidth, l.output.size());
  }
  s += fmt::format("\nlayers:\n  {:<{}}  {:<{}}  {:<{}}  {:>12}  {:>14}\n", "layer", nameWidth,
                   "op", opWidth, "output", outWidth, "parameters", "FLOPs");
  for (const Layer &l : layers)
    s += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {:>12}  {:>14}\n", l.name, nameWidth, l.op, opWidth,
                     l.output, outWidth, grouped(l.parameters), grouped(l.flops));
  if (otherOps)
    s += fmt::format("  and {} other {} (shapes, slices, element-wise)\n", otherOps,
                     otherOps == 1 ? "op" : "ops");

  auto tensors = [&](const char *title, const std::vector<TensorInterface> &list) {
    s += fmt::format("\n{}:\n", title);
    for (const TensorInterface &t : list) {
      s += fmt::format("  {} {} {}", t.cName, dtypeName(t.dtype), shapeText(m, t));
      if (t.idLimit > 0)
        s += fmt::format(", ids in [0, {})", t.idLimit);
      if (t.stateIndex >= 0)
        s += fmt::format(", state slot {}", t.stateIndex);
      s += "\n";
    }
  };
  tensors("inputs", m.inputs);
  tensors("outputs", m.outputs);

  std::string params = runParameters(m);
  s += "\nentry points (" + m.name + ".h):\n";
  s += fmt::format("  int32_t {}_run({});\n", m.name, params);
  if (m.parallel)
    s += fmt::format("  int32_t {}_run_parallel(const rnnc_threads *threads{}{});\n", m.name,
                     params.empty() ? "" : ", ", params);
  s += fmt::format("  const char *{}_status_message(int32_t status);\n", m.name);
  s += fmt::format("  extern const rnnc_model {}_model;\n", m.name);
  if (!m.requirements.empty())
    s += "\nrequirements on the dims (else RNNC_ERR_BAD_DIM): " + llvm::join(m.requirements, "; ") +
         "\n";
  return s;
}

} // namespace rnnc
