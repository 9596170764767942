// ONNX tensors as the importer sees them, and the decoding of TensorProto payloads.
#include "compiler/Frontends/ONNX/Tensor.h"

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/SwapByteOrder.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace rnnc::onnximport {

bool isFloatType(DataType t) { return t == dtype::Float || t == dtype::Double; }

bool isIntegerType(DataType t) {
  switch (t) {
  case dtype::UInt8:
  case dtype::Int8:
  case dtype::UInt16:
  case dtype::Int16:
  case dtype::Int32:
  case dtype::Int64:
  case dtype::Bool:
  case dtype::UInt32:
  case dtype::UInt64:
    return true;
  default:
    return false;
  }
}

std::string dataTypeName(DataType t) {
  switch (t) {
  case dtype::Float:
    return "float";
  case dtype::UInt8:
    return "uint8";
  case dtype::Int8:
    return "int8";
  case dtype::UInt16:
    return "uint16";
  case dtype::Int16:
    return "int16";
  case dtype::Int32:
    return "int32";
  case dtype::Int64:
    return "int64";
  case dtype::String:
    return "string";
  case dtype::Bool:
    return "bool";
  case dtype::Float16:
    return "float16";
  case dtype::Double:
    return "double";
  case dtype::UInt32:
    return "uint32";
  case dtype::UInt64:
    return "uint64";
  case 14:
    return "complex64";
  case 15:
    return "complex128";
  case 16:
    return "bfloat16";
  default:
    return "data type " + std::to_string(t);
  }
}

Shape staticShape(llvm::ArrayRef<int64_t> dims) {
  Shape s;
  for (int64_t d : dims)
    s.push_back(Dim::fixed(d));
  return s;
}

bool isStatic(const Shape &shape) {
  for (const Dim &d : shape)
    if (!d.isStatic())
      return false;
  return true;
}

int64_t numElements(const Shape &shape) {
  int64_t n = 1;
  for (const Dim &d : shape) {
    if (!d.isStatic())
      return -1;
    if (d.size != 0 && n > std::numeric_limits<int64_t>::max() / d.size)
      return std::numeric_limits<int64_t>::max();
    n *= d.size;
  }
  return n;
}

std::vector<int64_t> mlirShape(const Shape &shape) {
  std::vector<int64_t> out;
  for (const Dim &d : shape)
    out.push_back(d.isStatic() ? d.size : mlir::ShapedType::kDynamic);
  return out;
}

bool Tensor::isKnown() const {
  if (!isConstant() || !onnximport::isStatic(shape))
    return false;
  for (int s : intSyms)
    if (s >= 0)
      return false;
  return true;
}

bool Tensor::hasIdentityPerm() const {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != static_cast<int64_t>(i))
      return false;
  return true;
}

bool Tensor::isAllZero() const {
  if (!isConstant())
    return false;
  for (int s : intSyms)
    if (s >= 0)
      return false;
  if (isFloatType(type))
    return withFloats(
        [](auto values) { return llvm::all_of(values, [](auto v) { return v == 0; }); });
  for (int64_t v : ints)
    if (v != 0)
      return false;
  return true;
}

void Tensor::decodeFloats() {
  if (rawFloats.empty())
    return;
  floats.assign(rawFloats.begin(), rawFloats.end());
  rawFloats = {};
}

Tensor Tensor::runtime(mlir::Value value, DataType type, Shape shape) {
  Tensor t;
  t.kind = Kind::Runtime;
  t.type = type;
  t.value = value;
  for (size_t i = 0; i < shape.size(); ++i)
    t.perm.push_back(static_cast<int64_t>(i));
  t.shape = std::move(shape);
  return t;
}

Tensor Tensor::constantFloats(DataType type, Shape shape, std::vector<double> data) {
  Tensor t;
  t.type = type;
  t.shape = std::move(shape);
  t.floats = std::move(data);
  return t;
}

Tensor Tensor::constantInts(DataType type, Shape shape, std::vector<int64_t> data) {
  Tensor t;
  t.type = type;
  t.shape = std::move(shape);
  t.ints = std::move(data);
  return t;
}

Tensor Tensor::splatOf(DataType type, Shape shape, double value) {
  Tensor t;
  t.type = type;
  t.shape = std::move(shape);
  t.splat = true;
  if (isFloatType(type))
    t.floats = {roundToType(type, value)};
  else
    t.ints = {wrapToType(type, static_cast<int64_t>(value))};
  return t;
}

double roundToType(DataType t, double v) {
  if (t == dtype::Float)
    return static_cast<double>(static_cast<float>(v));
  return v;
}

int64_t wrapToType(DataType t, int64_t v) {
  switch (t) {
  case dtype::Bool:
    return v != 0;
  case dtype::Int8:
    return static_cast<int8_t>(v);
  case dtype::UInt8:
    return static_cast<uint8_t>(v);
  case dtype::Int16:
    return static_cast<int16_t>(v);
  case dtype::UInt16:
    return static_cast<uint16_t>(v);
  case dtype::Int32:
    return static_cast<int32_t>(v);
  case dtype::UInt32:
    return static_cast<uint32_t>(v);
  default:
    return v;
  }
}

namespace {

llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Bytes per element of raw_data.
int64_t rawSize(DataType t) {
  switch (t) {
  case dtype::Float:
  case dtype::Int32:
  case dtype::UInt32:
    return 4;
  case dtype::Double:
  case dtype::Int64:
  case dtype::UInt64:
    return 8;
  case dtype::Int16:
  case dtype::UInt16:
    return 2;
  default:
    return 1;
  }
}

template <typename T> T readLE(const char *p) {
  return llvm::support::endian::read<T, llvm::endianness::little>(p);
}

/// The n little-endian `Raw` elements at p, each converted, into `out`: allocated once,
/// never zero-filled, one loop per type (an initializer can hold millions of elements).
template <typename Raw, typename T, typename Convert>
void decodeAll(const char *p, int64_t n, std::vector<T> &out, Convert convert) {
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i, p += sizeof(Raw))
    out.push_back(convert(readLE<Raw>(p)));
}

void decodeRaw(const std::string &raw, DataType t, int64_t n, Tensor &out) {
  const char *p = raw.data();
  switch (t) {
  case dtype::Float:
    if (llvm::sys::IsLittleEndianHost && n > 0 &&
        reinterpret_cast<uintptr_t>(p) % alignof(float) == 0) {
      out.rawFloats = llvm::ArrayRef<float>(reinterpret_cast<const float *>(p), n);
      break;
    }
    decodeAll<uint32_t>(p, n, out.floats,
                        [](uint32_t v) { return double(llvm::bit_cast<float>(v)); });
    break;
  case dtype::Double:
    decodeAll<uint64_t>(p, n, out.floats, [](uint64_t v) { return llvm::bit_cast<double>(v); });
    break;
  case dtype::Int64:
  case dtype::UInt64:
    decodeAll<uint64_t>(p, n, out.ints, [](uint64_t v) { return static_cast<int64_t>(v); });
    break;
  case dtype::Int32:
    decodeAll<uint32_t>(p, n, out.ints,
                        [](uint32_t v) { return int64_t(static_cast<int32_t>(v)); });
    break;
  case dtype::UInt32:
    decodeAll<uint32_t>(p, n, out.ints, [](uint32_t v) { return int64_t(v); });
    break;
  case dtype::Int16:
    decodeAll<uint16_t>(p, n, out.ints,
                        [](uint16_t v) { return int64_t(static_cast<int16_t>(v)); });
    break;
  case dtype::UInt16:
    decodeAll<uint16_t>(p, n, out.ints, [](uint16_t v) { return int64_t(v); });
    break;
  case dtype::Int8:
    decodeAll<uint8_t>(p, n, out.ints, [](uint8_t v) { return int64_t(static_cast<int8_t>(v)); });
    break;
  case dtype::Bool:
    decodeAll<uint8_t>(p, n, out.ints, [](uint8_t v) { return int64_t(v != 0); });
    break;
  default: // uint8
    decodeAll<uint8_t>(p, n, out.ints, [](uint8_t v) { return int64_t(v); });
    break;
  }
}

} // namespace

llvm::Expected<Tensor> decodeTensorProto(const onnx::TensorProto &proto) {
  // External data is refused when the model is loaded (ModelLoader.cpp).
  DataType t = proto.data_type();
  if (!isFloatType(t) && !isIntegerType(t))
    return error("data type " + dataTypeName(t) + " is not supported");
  Tensor out;
  out.type = t;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return error("dimension " + std::to_string(d) + " is negative");
    out.shape.push_back(Dim::fixed(d));
  }
  int64_t n = numElements(out.shape);
  // A tensor larger than the protobuf that holds it cannot be real (2 GB protobuf limit).
  if (n == std::numeric_limits<int64_t>::max()) { // numElements saturated
    std::string dims;
    for (int64_t d : proto.dims())
      dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    return error("its dims [" + dims + "] have more elements than int64 can count");
  }
  if (n > (int64_t(1) << 31))
    return error("has " + std::to_string(n) + " elements, more than a model file can hold");

  int64_t have = 0;
  if (proto.has_raw_data()) {
    int64_t bytes = static_cast<int64_t>(proto.raw_data().size());
    if (bytes != n * rawSize(t))
      return error("raw_data holds " + std::to_string(bytes) + " bytes; " + std::to_string(n) +
                   " " + dataTypeName(t) + " values need " + std::to_string(n * rawSize(t)));
    decodeRaw(proto.raw_data(), t, n, out);
    return out;
  }
  switch (t) {
  case dtype::Float:
    have = proto.float_data_size();
    out.floats.assign(proto.float_data().begin(), proto.float_data().end());
    break;
  case dtype::Double:
    have = proto.double_data_size();
    out.floats.assign(proto.double_data().begin(), proto.double_data().end());
    break;
  case dtype::Int64:
    have = proto.int64_data_size();
    out.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    break;
  case dtype::UInt32:
  case dtype::UInt64:
    have = proto.uint64_data_size();
    for (uint64_t v : proto.uint64_data())
      out.ints.push_back(static_cast<int64_t>(v));
    break;
  default: // int32, int16, int8, uint16, uint8, bool: int32_data
    have = proto.int32_data_size();
    for (int32_t v : proto.int32_data())
      out.ints.push_back(wrapToType(t, v));
    break;
  }
  if (have != n)
    return error("holds " + std::to_string(have) + " values; its shape needs " + std::to_string(n));
  return out;
}

} // namespace rnnc::onnximport
