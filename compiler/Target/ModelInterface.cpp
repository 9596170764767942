// The model description as the `rnn.abi` attribute, and the names the C ABI gives its types
// and parameters.
#include "compiler/Target/ModelInterface.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace rnnc {

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
/// C and C++ keywords, which cannot name a parameter in the generated header.
bool isReserved(StringRef word) {
  static const char *const words[] = {
      "alignas",  "alignof",  "and",      "asm",      "auto",     "bool",      "break",
      "case",     "catch",    "char",     "class",    "const",    "constexpr", "continue",
      "default",  "delete",   "do",       "double",   "else",     "enum",      "explicit",
      "export",   "extern",   "false",    "float",    "for",      "friend",    "goto",
      "if",       "inline",   "int",      "long",     "mutable",  "namespace", "new",
      "noexcept", "not",      "nullptr",  "operator", "or",       "private",   "protected",
      "public",   "register", "restrict", "return",   "short",    "signed",    "sizeof",
      "static",   "struct",   "switch",   "template", "this",     "throw",     "true",
      "try",      "typedef",  "typename", "union",    "unsigned", "using",     "virtual",
      "void",     "volatile", "while",    "xor"};
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

DictionaryAttr encodeModelInterface(Builder &b, const ModelInterface &model) {
  auto tensors = [&](ArrayRef<TensorInterface> list) {
    SmallVector<Attribute> attrs;
    for (const TensorInterface &t : list) {
      SmallVector<NamedAttribute> fields{
          b.getNamedAttr("name", b.getStringAttr(t.name)),
          b.getNamedAttr("dtype", b.getStringAttr(dtypeName(t.dtype))),
          b.getNamedAttr("shape", b.getDenseI64ArrayAttr(t.shape)),
          b.getNamedAttr("dim_params", b.getDenseI32ArrayAttr(t.dimParam))};
      if (t.idLimit >= 0)
        fields.push_back(b.getNamedAttr("id_limit", b.getI64IntegerAttr(t.idLimit)));
      if (t.stateIndex >= 0)
        fields.push_back(b.getNamedAttr("state", b.getI64IntegerAttr(t.stateIndex)));
      attrs.push_back(b.getDictionaryAttr(fields));
    }
    return b.getArrayAttr(attrs);
  };
  SmallVector<Attribute> requirements;
  for (const std::string &r : model.requirements)
    requirements.push_back(b.getStringAttr(r));
  SmallVector<NamedAttribute> fields{b.getNamedAttr("name", b.getStringAttr(model.name)),
                                     b.getNamedAttr("dims", b.getI64IntegerAttr(model.numDims)),
                                     b.getNamedAttr("inputs", tensors(model.inputs)),
                                     b.getNamedAttr("outputs", tensors(model.outputs)),
                                     b.getNamedAttr("requirements", b.getArrayAttr(requirements))};
  if (model.parallel)
    fields.push_back(b.getNamedAttr("parallel", b.getUnitAttr()));
  if (model.weightPrecision != "f32")
    fields.push_back(
        b.getNamedAttr("weight_precision", b.getStringAttr(model.weightPrecision)));
  if (model.externalWeights) {
    fields.push_back(b.getNamedAttr("weights_bytes", b.getI64IntegerAttr(model.weightsBytes)));
    fields.push_back(b.getNamedAttr("weights_fingerprint",
                                    b.getI64IntegerAttr(int64_t(model.weightsFingerprint))));
  }
  return b.getDictionaryAttr(fields);
}

FailureOr<ModelInterface> decodeModelInterface(Operation *at, DictionaryAttr dict) {
  ModelInterface model;
  auto name = dict.getAs<StringAttr>("name");
  auto dims = dict.getAs<IntegerAttr>("dims");
  auto inputs = dict.getAs<ArrayAttr>("inputs");
  auto outputs = dict.getAs<ArrayAttr>("outputs");
  if (!name || name.getValue().empty() || !dims || dims.getInt() < 0 || dims.getInt() > INT32_MAX ||
      !inputs || !outputs)
    return at->emitError("'rnn.abi' must give a name, dims, inputs and outputs");
  model.name = name.str();
  model.numDims = int32_t(dims.getInt());
  model.dimSources.assign(model.numDims, {-1, -1});
  for (auto [isInput, list] : {std::pair{true, inputs}, {false, outputs}}) {
    std::vector<TensorInterface> &into = isInput ? model.inputs : model.outputs;
    for (Attribute a : list) {
      auto t = llvm::dyn_cast<DictionaryAttr>(a);
      auto shape = t ? t.getAs<DenseI64ArrayAttr>("shape") : nullptr;
      auto params = t ? t.getAs<DenseI32ArrayAttr>("dim_params") : nullptr;
      if (!shape || !params || shape.size() != params.size())
        return at->emitError("'rnn.abi': each tensor needs a shape and as many dim_params");
      TensorInterface ti;
      if (auto tensorName = t.getAs<StringAttr>("name"))
        ti.name = tensorName.str();
      else
        ti.name = (isInput ? "input" : "output") + std::to_string(into.size());
      if (auto dtype = t.getAs<StringAttr>("dtype")) {
        std::optional<DType> known;
        for (DType d : {DType::F32, DType::F64, DType::I32, DType::I64})
          if (dtype.getValue() == dtypeName(d))
            known = d;
        if (!known)
          return at->emitError("'rnn.abi': unknown dtype '")
                 << dtype.getValue() << "'; expected float32, float64, int32 or int64";
        ti.dtype = *known;
      }
      ti.shape.assign(shape.asArrayRef().begin(), shape.asArrayRef().end());
      ti.dimParam.assign(params.asArrayRef().begin(), params.asArrayRef().end());
      for (auto [d, size, param] : llvm::enumerate(ti.shape, ti.dimParam)) {
        if ((size < 0) != (param >= 0) || param >= model.numDims)
          return at->emitError("'rnn.abi': a dynamic dim needs a dim_param below ")
                 << model.numDims << ", a static one -1";
        if (param >= 0 && isInput && model.dimSources[param].first < 0)
          model.dimSources[param] = {int32_t(into.size()), int32_t(d)};
      }
      if (auto limit = t.getAs<IntegerAttr>("id_limit"))
        ti.idLimit = limit.getInt();
      if (auto state = t.getAs<IntegerAttr>("state"))
        ti.stateIndex = state.getInt();
      into.push_back(std::move(ti));
    }
  }
  for (const auto &source : model.dimSources)
    if (source.first < 0)
      return at->emitError("'rnn.abi': every dim_param must be a dim of an input");
  if (auto requirements = dict.getAs<ArrayAttr>("requirements"))
    for (Attribute a : requirements)
      if (auto s = llvm::dyn_cast<StringAttr>(a))
        model.requirements.push_back(s.str());
  model.parallel = bool(dict.get("parallel"));
  if (auto precision = dict.getAs<StringAttr>("weight_precision")) {
    if (!findWeightPrecision(precision.getValue()))
      return at->emitError("'rnn.abi': weight_precision must be ")
             << kWeightPrecisionNames << ", got '" << precision.getValue() << "'";
    model.weightPrecision = precision.str();
  }
  if (auto bytes = dict.getAs<IntegerAttr>("weights_bytes")) {
    auto fingerprint = dict.getAs<IntegerAttr>("weights_fingerprint");
    if (!fingerprint || bytes.getInt() < 0)
      return at->emitError("'rnn.abi': weights_bytes needs a weights_fingerprint");
    model.externalWeights = true;
    model.weightsBytes = bytes.getInt();
    model.weightsFingerprint = uint64_t(fingerprint.getInt());
  }
  // The header names a parameter after each tensor: make the names distinct.
  llvm::StringSet<> used;
  for (auto [isInput, list] : {std::pair{true, &model.inputs}, {false, &model.outputs}})
    for (TensorInterface &t : *list) {
      std::string base = sanitizeIdentifier(t.name, isInput ? "input" : "output"), candidate = base;
      for (int i = 2; !used.insert(candidate).second; ++i)
        candidate = base + "_" + std::to_string(i);
      t.cName = candidate;
    }
  return model;
}

FailureOr<ModelInterface> readModelInterface(ModuleOp module) {
  if (auto dict = module->getAttrOfType<DictionaryAttr>(kABIAttrName))
    return decodeModelInterface(module, dict);
  Operation *holder = nullptr;
  for (Operation &op : module.getBody()->getOperations())
    if (op.hasAttr(kABIAttrName)) {
      if (holder)
        return op.emitError("two functions carry 'rnn.abi'; a module describes one model");
      holder = &op;
    }
  if (!holder)
    return module.emitError("the module has no 'rnn.abi' model description (run "
                            "rnn-describe-abi)");
  auto dict = holder->getAttrOfType<DictionaryAttr>(kABIAttrName);
  if (!dict)
    return holder->emitError("'rnn.abi' must be a dictionary");
  return decodeModelInterface(holder, dict);
}

} // namespace rnnc
