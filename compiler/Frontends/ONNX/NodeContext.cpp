// One ONNX node as its op importer sees it.
#include "compiler/Frontends/ONNX/NodeContext.h"
#include "compiler/Frontends/ONNX/ConstantFolding.h"
#include "compiler/Frontends/ONNX/ShapeInference.h"

#include "dialect/RNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace rnnc::onnximport {

namespace {

/// The attribute's type; old models leave `type` unset and fill one field.
int attrType(const onnx::AttributeProto &a) {
  if (a.type() != onnx::AttributeProto_AttributeType_UNDEFINED)
    return a.type();
  if (a.has_f())
    return static_cast<int>(AttrType::Float);
  if (a.has_i())
    return static_cast<int>(AttrType::Int);
  if (a.has_s())
    return static_cast<int>(AttrType::String);
  if (a.has_t())
    return static_cast<int>(AttrType::Tensor);
  if (a.floats_size())
    return static_cast<int>(AttrType::Floats);
  if (a.ints_size())
    return static_cast<int>(AttrType::Ints);
  if (a.strings_size())
    return static_cast<int>(AttrType::Strings);
  return 0;
}

const char *attrTypeName(int t) {
  switch (t) {
  case 1:
    return "a float";
  case 2:
    return "an int";
  case 3:
    return "a string";
  case 4:
    return "a tensor";
  case 5:
    return "a graph";
  case 6:
    return "a list of floats";
  case 7:
    return "a list of ints";
  case 8:
    return "a list of strings";
  default:
    return "of another kind";
  }
}

} // namespace

NodeContext::NodeContext(const onnx::NodeProto &node, int index, Location loc, GraphState &state,
                         std::vector<const Tensor *> inputs)
    : node(node), state(state), e(state.emitter), symbols(state.symbols), loc(loc),
      inputs(std::move(inputs)), index(index) {}

StringRef NodeContext::opType() const { return node.op_type(); }

std::string NodeContext::describe() const {
  std::string text =
      node.name().empty() ? "node #" + std::to_string(index) : "node '" + node.name() + "'";
  return text + " (" + node.op_type() + ")";
}

InFlightDiagnostic NodeContext::error() {
  InFlightDiagnostic diag = emitError(loc);
  diag << describe() << ": ";
  return diag;
}

void NodeContext::noteDimRole(const Tensor &t, int64_t dim, StringRef role) {
  if (!t.shape[dim].isStatic())
    state.symbolRoles.try_emplace(t.shape[dim].sym, role);
  if (!t.isRuntime())
    return;
  if (auto arg = llvm::dyn_cast<BlockArgument>(t.value)) {
    int64_t physical = t.perm.empty() ? dim : t.perm[dim];
    state.inputDimRoles.try_emplace({arg.getArgNumber(), physical}, role);
  }
}

void NodeContext::requireInRange(OpFoldResult offset, OpFoldResult size, const Dim &dim,
                                 const Twine &what) {
  if (dim.isStatic())
    return; // checked at import
  OpBuilder &b = e.b;
  auto value = [&](OpFoldResult v) -> Value {
    if (auto attr = llvm::dyn_cast<Attribute>(v))
      return e.dimValue(Dim::fixed(llvm::cast<IntegerAttr>(attr).getInt()));
    return llvm::cast<Value>(v);
  };
  Value start = value(offset), count = value(size), zero = e.dimValue(Dim::fixed(0));
  Value ok;
  auto require = [&](arith::CmpIPredicate p, Value x, Value y) {
    Value c = b.createOrFold<arith::CmpIOp>(loc, p, x, y);
    if (!matchPattern(c, m_One()))
      ok = ok ? b.create<arith::AndIOp>(loc, ok, c).getResult() : c;
    else if (Operation *folded = c.getDefiningOp(); folded && c.use_empty())
      folded->erase(); // a condition the import proved: nothing to check
  };
  require(arith::CmpIPredicate::sge, start, zero);
  require(arith::CmpIPredicate::sge, count, zero);
  require(arith::CmpIPredicate::sle, b.createOrFold<arith::AddIOp>(loc, start, count),
          e.dimValue(dim));
  if (ok)
    b.create<rnn::RequireOp>(loc, ok, b.getStringAttr(describe() + " takes " + what));
}

LogicalResult NodeContext::fail(const Twine &message) {
  error() << message;
  return failure();
}

LogicalResult NodeContext::unsupportedAttribute(StringRef name, const Twine &value,
                                                const Twine &reason) {
  InFlightDiagnostic diag = error();
  diag << "attribute '" << name << "' = " << value << " is not supported";
  std::string r = reason.str();
  if (!r.empty())
    diag << ": " << r;
  return failure();
}

LogicalResult NodeContext::checkInputs(size_t required, size_t max) {
  if (inputs.size() > max)
    return fail("takes at most " + Twine(max) + " inputs, got " + Twine(inputs.size()));
  for (size_t i = 0; i < required; ++i)
    if (!hasInput(i))
      return fail("input " + Twine(i) + " is required");
  return success();
}

LogicalResult NodeContext::checkFloat(size_t i) {
  if (!isFloatType(input(i).type))
    return fail("input " + Twine(i) + " ('" + node.input(i) +
                "') must be float or "
                "double, got " +
                dataTypeName(input(i).type));
  return success();
}

FailureOr<std::vector<int64_t>> NodeContext::knownInts(size_t i, StringRef what) {
  const Tensor &t = input(i);
  if (!t.isKnown() || !isIntegerType(t.type) || t.rank() > 1) {
    (void)fail(Twine(what) + " (input " + Twine(i) +
               ") must be a 0-D or 1-D integer tensor known at compile time");
    return failure();
  }
  int64_t count = numElements(t.shape);
  if (count > kMaxFoldedElements) {
    (void)fail(Twine(what) + " (input " + Twine(i) + ") has " + Twine(count) +
               " elements; lists are limited to 2^24");
    return failure();
  }
  std::vector<int64_t> out;
  for (int64_t k = 0; k < count; ++k)
    out.push_back(t.intAt(k));
  return out;
}

size_t NodeContext::numOutputs() const { return node.output_size(); }

bool NodeContext::outputUsed(size_t i) const {
  if (i >= static_cast<size_t>(node.output_size()) || node.output(i).empty())
    return false;
  auto it = state.useCount.find(node.output(i));
  return it != state.useCount.end() && it->second > 0;
}

void NodeContext::setOutput(size_t i, Tensor t) {
  if (i >= static_cast<size_t>(node.output_size()) || node.output(i).empty())
    return;
  const std::string &name = node.output(i);
  state.values[name] = std::move(t);
}

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

bool NodeContext::hasAttr(StringRef name) const { return attr(name) != nullptr; }

LogicalResult NodeContext::checkAttributes(ArrayRef<AttrSpec> known) {
  for (const onnx::AttributeProto &a : node.attribute()) {
    const AttrSpec *spec = nullptr;
    for (const AttrSpec &k : known)
      if (a.name() == k.name)
        spec = &k;
    if (!spec)
      return fail("attribute '" + a.name() + "' is not supported");
    int t = attrType(a);
    if (t != static_cast<int>(spec->type))
      return fail("attribute '" + a.name() + "' must be " +
                  attrTypeName(static_cast<int>(spec->type)) + ", got " + attrTypeName(t));
  }
  return success();
}

int64_t NodeContext::getInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

float NodeContext::getFloat(StringRef name, float dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string NodeContext::getString(StringRef name, StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<std::vector<int64_t>> NodeContext::getInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<bool> NodeContext::getFlag(StringRef name, int64_t dflt) {
  int64_t v = getInt(name, dflt);
  if (v != 0 && v != 1) {
    (void)unsupportedAttribute(name, Twine(v), "expected 0 or 1");
    return failure();
  }
  return v == 1;
}

std::vector<float> NodeContext::getFloats(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return std::vector<float>(a->floats().begin(), a->floats().end());
}

std::vector<std::string> NodeContext::getStrings(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return std::vector<std::string>(a->strings().begin(), a->strings().end());
}

const onnx::TensorProto *NodeContext::getTensor(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? &a->t() : nullptr;
}

std::string NodeContext::number(double v) {
  char buf[64];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf;
}

FailureOr<int64_t> NodeContext::axis(int64_t value, int64_t rank, StringRef what) {
  std::optional<int64_t> a = normalizeAxis(value, rank);
  if (!a) {
    error() << what << " = " << value << " is out of range for rank " << rank;
    return failure();
  }
  return *a;
}

} // namespace rnnc::onnximport
