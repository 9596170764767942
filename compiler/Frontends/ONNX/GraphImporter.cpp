// The ONNX graph walk: graph inputs become function arguments, live nodes are imported in
// order (folded or lowered by their op importers), graph outputs become results.
#include "compiler/Frontends/ONNX/ModelLoader.h"
#include "compiler/Frontends/ONNX/ONNXImporter.h"
#include "compiler/Frontends/ONNX/Ops.h"
#include "compiler/Utils/NaNReport.h"

#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <onnx/onnx_pb.h>

using namespace mlir;

namespace rnnc {

namespace onnximport {
namespace {

/// Whether dim `dim` of `v` can be told from the function's arguments, by the rules the
/// model ABI (compiler/Target/ModelInterface.cpp, traceDim) follows.
bool traceable(Value v, int64_t dim, int depth = 0) {
  if (depth > 256)
    return false;
  if (auto arg = llvm::dyn_cast<BlockArgument>(v))
    return llvm::isa<func::FuncOp>(arg.getOwner()->getParentOp());
  Operation *op = v.getDefiningOp();
  if (llvm::isa<rnn::RNNDialect>(op->getDialect())) {
    auto src = rnn::getResultDimSource(llvm::cast<OpResult>(v), dim);
    return src && traceable(src->first, src->second, depth + 1);
  }
  if (auto cast = llvm::dyn_cast<tensor::CastOp>(op))
    return traceable(cast.getSource(), dim, depth + 1);
  if (auto empty = llvm::dyn_cast<tensor::EmptyOp>(op)) {
    if (auto d = empty.getDynamicSize(dim).getDefiningOp<tensor::DimOp>())
      if (std::optional<int64_t> index = d.getConstantIndex())
        return traceable(d.getSource(), *index, depth + 1);
    return false;
  }
  if (auto dps = llvm::dyn_cast<DestinationStyleOpInterface>(op))
    return traceable(dps.getTiedOpOperand(llvm::cast<OpResult>(v))->get(), dim, depth + 1);
  if (op->hasTrait<OpTrait::Elementwise>() || op->hasTrait<OpTrait::SameOperandsAndResultShape>())
    return traceable(op->getOperand(0), dim, depth + 1);
  // Reshapes and slices: their reified size, when it is a tensor.dim of an operand.
  if (auto reify = llvm::dyn_cast<ReifyRankedShapedTypeOpInterface>(op)) {
    OpBuilder b(op);
    struct Created : OpBuilder::Listener {
      SmallVector<Operation *> ops;
      void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
        ops.push_back(op);
      }
    } created;
    b.setListener(&created);
    ReifiedRankedShapedTypeDims dims;
    bool found = false;
    if (succeeded(reify.reifyResultShapes(b, dims))) {
      OpFoldResult size = dims[llvm::cast<OpResult>(v).getResultNumber()][dim];
      if (auto sizeValue = llvm::dyn_cast<Value>(size))
        if (auto d = sizeValue.getDefiningOp<tensor::DimOp>())
          if (std::optional<int64_t> index = d.getConstantIndex())
            found = traceable(d.getSource(), *index, depth + 1);
    }
    for (Operation *c : llvm::reverse(created.ops))
      c->erase();
    return found;
  }
  return false;
}

class GraphImporter {
public:
  GraphImporter(MLIRContext &ctx, StringRef path, const onnx::GraphProto &graph, int64_t opset)
      : ctx(ctx), path(path), fileLoc(FileLineColLoc::get(&ctx, path, 0, 0)), graph(graph),
        builder(&ctx), emitter(builder, symbols), state(emitter, symbols, opset) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult declareInitializers();
  FailureOr<func::FuncOp> declareFunction(ModuleOp module);
  LogicalResult importNodes();
  LogicalResult importOutputs(func::FuncOp fn);
  /// rnn.dim_names on each graph input: which of its dims are the batch and the time of
  /// the recurrent nodes.
  void nameInputDims(func::FuncOp fn);
  /// A graph output's declared element type and static dims, where it declares them,
  /// must be what the graph computes: a model that says otherwise is not valid ONNX.
  LogicalResult checkDeclaredOutput(const onnx::ValueInfoProto &out, const Tensor &t);
  /// The tensor called `name`, decoding an initializer on first use; null if undefined.
  FailureOr<const Tensor *> lookup(const std::string &name);

  MLIRContext &ctx;
  StringRef path;
  Location fileLoc;
  const onnx::GraphProto &graph;
  OpBuilder builder;
  Symbols symbols;
  Emitter emitter;
  GraphState state;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  llvm::StringSet<> inputNames;
};

LogicalResult GraphImporter::declareInitializers() {
  for (const onnx::TensorProto &t : graph.initializer()) {
    if (t.name().empty()) {
      emitError(fileLoc) << "an initializer has no name";
      return failure();
    }
    if (!initializers.try_emplace(t.name(), &t).second) {
      emitError(fileLoc) << "initializer '" << t.name() << "' is defined twice";
      return failure();
    }
  }
  return success();
}

FailureOr<const Tensor *> GraphImporter::lookup(const std::string &name) {
  auto it = state.values.find(name);
  if (it != state.values.end())
    return &it->second;
  auto init = initializers.find(name);
  if (init == initializers.end())
    return static_cast<const Tensor *>(nullptr);
  llvm::Expected<Tensor> t = decodeTensorProto(*init->second);
  if (!t) {
    emitError(fileLoc) << "initializer '" << name << "': " << llvm::toString(t.takeError());
    return failure();
  }
  // Said here, in the file's own layout, before any rewrite moves the values.
  if (isStatic(t->shape)) {
    std::vector<int64_t> dims = mlirShape(t->shape);
    if (t->splat)
      dims.assign(dims.size(), 1);
    if (std::optional<std::string> nan =
            t->withFloats([&](auto values) { return describeNaNs(values, dims); })) {
      emitError(fileLoc) << "initializer '" << name << "' holds " << *nan;
      return failure();
    }
  }
  return &(state.values[name] = std::move(*t));
}

FailureOr<func::FuncOp> GraphImporter::declareFunction(ModuleOp module) {
  SmallVector<Type> types;
  SmallVector<std::vector<const onnx::TensorShapeProto_Dimension *>> dims;
  SmallVector<DataType> dataTypes;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    const std::string &name = in.name();
    if (!inputNames.insert(name).second) {
      emitError(fileLoc) << "graph input '" << name << "' is declared twice";
      return failure();
    }
    if (!in.type().has_tensor_type()) {
      emitError(fileLoc) << "graph input '" << name << "' is not a tensor";
      return failure();
    }
    const onnx::TypeProto_Tensor &tt = in.type().tensor_type();
    DataType dt = tt.elem_type();
    if (dt != dtype::Float && dt != dtype::Double && dt != dtype::Int32 && dt != dtype::Int64) {
      emitError(fileLoc) << "graph input '" << name << "' is " << dataTypeName(dt)
                         << "; compiled models take float, double, int32 or int64 "
                            "tensors";
      return failure();
    }
    if (!tt.has_shape()) {
      emitError(fileLoc) << "graph input '" << name << "' has no shape; its rank must be known";
      return failure();
    }
    std::vector<const onnx::TensorShapeProto_Dimension *> ds;
    Shape shape;
    for (const onnx::TensorShapeProto_Dimension &d : tt.shape().dim()) {
      ds.push_back(&d);
      if (d.has_dim_value() && d.dim_value() < 0) {
        emitError(fileLoc) << "graph input '" << name << "' has a negative dim";
        return failure();
      }
      shape.push_back(d.has_dim_value() ? Dim::fixed(d.dim_value()) : Dim::symbol(0));
    }
    types.push_back(emitter.tensorType(shape, dt));
    dims.push_back(std::move(ds));
    dataTypes.push_back(dt);
  }
  builder.setInsertionPointToEnd(module.getBody());
  std::string name = llvm::sys::path::stem(path).str();
  auto fn = builder.create<func::FuncOp>(fileLoc, name, FunctionType::get(&ctx, types, {}));
  Block *entry = fn.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  for (int i = 0; i < graph.input_size(); ++i) {
    const std::string &inName = graph.input(i).name();
    fn.setArgAttr(i, "rnn.name", builder.getStringAttr(inName));
    Value arg = entry->getArgument(i);
    Shape shape;
    // The dims' own names (dim_param), for rnnc --dim NAME=SIZE.
    SmallVector<Attribute> params;
    bool named = false;
    for (auto [d, proto] : llvm::enumerate(dims[i])) {
      std::string param;
      if (proto->has_dim_value()) {
        shape.push_back(Dim::fixed(proto->dim_value()));
      } else if (proto->has_dim_param() && !proto->dim_param().empty()) {
        shape.push_back(Dim::symbol(symbols.named(proto->dim_param(), arg, d)));
        param = proto->dim_param();
        named = true;
      } else {
        shape.push_back(Dim::symbol(symbols.fromValueDim(arg, d)));
      }
      params.push_back(builder.getStringAttr(param));
    }
    if (named)
      fn.setArgAttr(i, "rnn.dim_params", builder.getArrayAttr(params));
    state.values[inName] = Tensor::runtime(arg, dataTypes[i], shape);
  }
  return fn;
}

LogicalResult GraphImporter::importNodes() {
  int numNodes = graph.node_size();
  // Which nodes the outputs need, and how often each name is read.
  llvm::StringSet<> needed;
  for (const onnx::ValueInfoProto &out : graph.output())
    needed.insert(out.name());
  std::vector<bool> live(numNodes, false);
  for (int k = numNodes - 1; k >= 0; --k) {
    const onnx::NodeProto &node = graph.node(k);
    for (const std::string &out : node.output())
      if (!out.empty() && needed.contains(out))
        live[k] = true;
    if (live[k])
      for (const std::string &in : node.input())
        if (!in.empty())
          needed.insert(in);
  }
  for (const onnx::ValueInfoProto &out : graph.output())
    ++state.useCount[out.name()];
  llvm::StringMap<int> producer;
  for (int k = 0; k < numNodes; ++k) {
    for (const std::string &out : graph.node(k).output())
      if (!out.empty())
        producer.try_emplace(out, k);
    if (live[k])
      for (const std::string &in : graph.node(k).input())
        if (!in.empty())
          ++state.useCount[in];
  }
  for (int k = 0; k < numNodes; ++k) {
    if (!live[k])
      continue;
    const onnx::NodeProto &node = graph.node(k);
    std::string label =
        node.name().empty() ? node.op_type() + "#" + std::to_string(k) : node.name();
    Location loc = NameLoc::get(builder.getStringAttr(label), fileLoc);
    emitter.loc = loc;
    std::vector<const Tensor *> inputs;
    NodeContext probe(node, k, loc, state, {});
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return probe.fail("domain '" + node.domain() +
                        "' is not supported; rnnc imports "
                        "the default ONNX domain");
    if (node.op_type().empty())
      return probe.fail("has no op_type (a damaged or hand-made model)");
    OpImporter importer = findOpImporter(node.op_type());
    if (!importer)
      return probe.fail("op " + node.op_type() + " is not supported; rnnc imports " +
                        supportedOpTypes());
    for (const std::string &in : node.input()) {
      if (in.empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      FailureOr<const Tensor *> t = lookup(in);
      if (failed(t))
        return failure();
      if (!*t) {
        auto p = producer.find(in);
        if (p != producer.end() && p->second >= k)
          return probe.fail("input '" + in +
                            "' is produced by a later node (the graph "
                            "is not topologically sorted)");
        return probe.fail("input '" + in +
                          "' is not defined: no initializer, graph "
                          "input or earlier node output has that name");
      }
      inputs.push_back(*t);
    }
    for (const std::string &out : node.output())
      if (!out.empty() && (state.values.count(out) || initializers.count(out)))
        return probe.fail("output '" + out +
                          "' is already defined (the graph is not in "
                          "single static assignment form)");
    NodeContext n(node, k, loc, state, std::move(inputs));
    if (failed(importer(n)))
      return failure();
    for (int i = 0; i < node.output_size(); ++i)
      if (n.outputUsed(i) && !state.values.count(node.output(i)))
        return n.fail("output " + Twine(i) + " ('" + node.output(i) + "') is not supported");
  }
  return success();
}

LogicalResult GraphImporter::checkDeclaredOutput(const onnx::ValueInfoProto &out, const Tensor &t) {
  if (!out.type().has_tensor_type())
    return success();
  const onnx::TypeProto::Tensor &declared = out.type().tensor_type();
  if (declared.elem_type() != 0 && declared.elem_type() != t.type) {
    emitError(fileLoc) << "graph output '" << out.name() << "' is declared "
                       << dataTypeName(declared.elem_type()) << ", but the graph computes "
                       << dataTypeName(t.type);
    return failure();
  }
  if (!declared.has_shape())
    return success();
  auto text = [](const auto &dims, auto sizeOf) {
    std::string s = "[";
    for (const auto &d : dims)
      s += (s.size() > 1 ? ", " : "") + sizeOf(d);
    return s + "]";
  };
  std::string declaredText = text(declared.shape().dim(), [](const auto &d) {
    return d.has_dim_value() ? std::to_string(d.dim_value()) : std::string("?");
  });
  std::string computedText = text(t.shape, [](const Dim &d) {
    return d.isStatic() ? std::to_string(d.size) : std::string("?");
  });
  bool same = declared.shape().dim_size() == int(t.shape.size());
  for (int d = 0; same && d < declared.shape().dim_size(); ++d)
    if (declared.shape().dim(d).has_dim_value() && t.shape[d].isStatic() &&
        declared.shape().dim(d).dim_value() != t.shape[d].size)
      same = false;
  if (!same) {
    emitError(fileLoc) << "graph output '" << out.name() << "' is declared with shape "
                       << declaredText << ", but the graph computes " << computedText;
    return failure();
  }
  return success();
}

void GraphImporter::nameInputDims(func::FuncOp fn) {
  if (state.symbolRoles.empty() && state.inputDimRoles.empty())
    return; // no recurrent node: --batch / --timesteps keep their positional meaning
  for (int i = 0; i < graph.input_size(); ++i) {
    const Tensor &t = state.values.find(graph.input(i).name())->second;
    SmallVector<Attribute> names;
    for (auto [d, dim] : llvm::enumerate(t.shape)) {
      StringRef role = state.inputDimRoles.count({unsigned(i), int64_t(d)})
                           ? state.inputDimRoles[{unsigned(i), int64_t(d)}]
                       : dim.isStatic() ? StringRef()
                                        : state.symbolRoles.lookup(dim.sym);
      names.push_back(builder.getStringAttr(role));
    }
    fn.setArgAttr(i, "rnn.dim_names", builder.getArrayAttr(names));
  }
}

LogicalResult GraphImporter::importOutputs(func::FuncOp fn) {
  SmallVector<Value> results;
  SmallVector<Type> types;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    FailureOr<const Tensor *> found = lookup(out.name());
    if (failed(found))
      return failure();
    if (!*found) {
      emitError(fileLoc) << "graph output '" << out.name() << "' is not produced by any node";
      return failure();
    }
    const Tensor &t = **found;
    if (t.type != dtype::Float && t.type != dtype::Double && t.type != dtype::Int32 &&
        t.type != dtype::Int64) {
      emitError(fileLoc) << "graph output '" << out.name() << "' is " << dataTypeName(t.type)
                         << "; compiled models return float, double, int32 or int64 "
                            "tensors";
      return failure();
    }
    if (failed(checkDeclaredOutput(out, t)))
      return failure();
    emitter.loc = NameLoc::get(builder.getStringAttr(out.name()), fileLoc);
    Value v = emitter.materialize(t);
    // Each run-time dim of an output must be traceable to an input dim (the model ABI
    // computes output shapes from input shapes): copy into a tensor sized from them.
    auto type = llvm::cast<RankedTensorType>(v.getType());
    bool copy = false;
    for (int64_t d = 0; d < type.getRank(); ++d)
      copy |= type.isDynamicDim(d) && !traceable(v, d);
    if (copy) {
      Value init = emitter.empty(t.shape, t.type);
      v = builder.create<linalg::CopyOp>(emitter.loc, ValueRange{v}, ValueRange{init}).getResult(0);
    }
    results.push_back(v);
    types.push_back(v.getType());
  }
  builder.create<func::ReturnOp>(fileLoc, results);
  fn.setType(FunctionType::get(&ctx, fn.getArgumentTypes(), types));
  nameInputDims(fn);
  for (int i = 0; i < graph.output_size(); ++i)
    fn.setResultAttr(i, "rnn.name", builder.getStringAttr(graph.output(i).name()));
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(declareInitializers()))
    return nullptr;
  FailureOr<func::FuncOp> fn = declareFunction(*module);
  if (failed(fn) || failed(importNodes()) || failed(importOutputs(*fn)))
    return nullptr;
  if (graph.output_size() == 0) {
    emitError(fileLoc) << "the graph has no outputs";
    return nullptr;
  }
  return module;
}

} // namespace
} // namespace onnximport

OwningOpRef<ModuleOp> importONNXModel(StringRef path, MLIRContext &ctx) {
  ctx.loadDialect<func::FuncDialect, arith::ArithDialect, tensor::TensorDialect,
                  linalg::LinalgDialect, math::MathDialect, rnn::RNNDialect>();
  onnx::ModelProto model;
  FailureOr<int64_t> opset =
      onnximport::loadModel(path, FileLineColLoc::get(&ctx, path, 0, 0), model);
  if (failed(opset))
    return nullptr;
  onnximport::GraphImporter importer(ctx, path, model.graph(), *opset);
  return importer.run();
}

} // namespace rnnc
