// The importer's view of one ONNX tensor: a compile-time constant (whose shape, or whose
// integer elements, may include run-time symbols) or a run-time value of the function.
#ifndef RNNC_COMPILER_FRONTENDS_ONNX_TENSOR_H
#define RNNC_COMPILER_FRONTENDS_ONNX_TENSOR_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace rnnc::onnximport {

/// An ONNX element type: a `TensorProto::DataType` value.
using DataType = int32_t;
namespace dtype {
constexpr DataType Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7,
                   String = 8, Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13;
} // namespace dtype

bool isFloatType(DataType t);
/// Integer and bool types: their values are kept as int64.
bool isIntegerType(DataType t);
/// The ONNX spelling of a type ("float", "int64", ...), for messages.
std::string dataTypeName(DataType t);

/// A dimension: a static size, or a symbol (a size known only at run time; see Symbols.h).
struct Dim {
  int64_t size = 0; // when static
  int sym = -1;     // the symbol, when dynamic

  static Dim fixed(int64_t size) { return Dim{size, -1}; }
  static Dim symbol(int sym) { return Dim{0, sym}; }
  bool isStatic() const { return sym < 0; }
  bool isStatic(int64_t n) const { return sym < 0 && size == n; }
  bool operator==(const Dim &o) const { return size == o.size && sym == o.sym; }
  bool operator!=(const Dim &o) const { return !(*this == o); }
};
using Shape = std::vector<Dim>;

Shape staticShape(llvm::ArrayRef<int64_t> dims);
bool isStatic(const Shape &shape);
/// The element count of a static shape (saturating at INT64_MAX); -1 if not static.
int64_t numElements(const Shape &shape);
/// The static sizes; dynamic dims become `mlir::ShapedType::kDynamic`.
std::vector<int64_t> mlirShape(const Shape &shape);

struct Tensor {
  enum class Kind { Constant, Runtime };
  Kind kind = Kind::Constant;
  DataType type = 0;
  /// The logical (ONNX) shape.
  Shape shape;

  // --- Constant ---------------------------------------------------------------------
  /// A splat holds one element for every position; only splats may have symbolic shapes.
  bool splat = false;
  std::vector<double> floats; // float types, decoded
  /// A float32 initializer's elements as the model file stores them, not decoded (on a
  /// little-endian host, raw_data read in place): a view into the model's protobuf, which
  /// outlives the import, so that weights reach their constants without a float64 copy.
  /// Then `floats` is empty; decodeFloats() makes it.
  llvm::ArrayRef<float> rawFloats;
  std::vector<int64_t> ints;  // integer and bool types
  /// Per element of an integer constant: the symbol it equals, or -1 when `ints` holds
  /// its value (shape arithmetic: Shape -> Gather -> Concat). Empty when all are known.
  std::vector<int> intSyms;

  // --- Runtime ----------------------------------------------------------------------
  /// The value; its (physical) dims are the logical dims permuted: logical dim i is
  /// physical dim perm[i]. Transposes stay pending until an op needs a given layout.
  mlir::Value value;
  std::vector<int64_t> perm;
  /// For a run-time integer tensor whose every element is a position in a dim of this
  /// size ([0, size)), as TopK's and ArgMax's indices are: Gather may read with it.
  std::optional<Dim> positionsOf;

  bool isConstant() const { return kind == Kind::Constant; }
  bool isRuntime() const { return kind == Kind::Runtime; }
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  /// A constant whose every element is a known value (no symbols, static shape).
  bool isKnown() const;
  bool hasIdentityPerm() const;

  double floatAt(int64_t i) const {
    return splat ? floats[0] : rawFloats.empty() ? floats[i] : rawFloats[i];
  }
  int64_t intAt(int64_t i) const { return ints[splat ? 0 : i]; }
  int symAt(int64_t i) const { return intSyms.empty() ? -1 : intSyms[splat ? 0 : i]; }
  /// Element i as a double, whatever the type.
  double valueAt(int64_t i) const {
    return isFloatType(type) ? floatAt(i) : static_cast<double>(intAt(i));
  }
  /// Whether every element of a known constant is zero.
  bool isAllZero() const;
  /// Makes `floats` hold the elements of a raw float32 constant, before code that edits them.
  void decodeFloats();
  /// Calls f with the float elements as one ArrayRef: of float (raw) or of double.
  template <typename F> decltype(auto) withFloats(F f) const {
    return rawFloats.empty() ? f(llvm::ArrayRef<double>(floats)) : f(rawFloats);
  }

  static Tensor runtime(mlir::Value value, DataType type, Shape shape);
  static Tensor constantFloats(DataType type, Shape shape, std::vector<double> data);
  static Tensor constantInts(DataType type, Shape shape, std::vector<int64_t> data);
  static Tensor splatOf(DataType type, Shape shape, double value);
};

/// Reads an initializer or Constant value held in the model file. Errors name the
/// problem, not the tensor.
llvm::Expected<Tensor> decodeTensorProto(const onnx::TensorProto &proto);

/// Rounds `v` as the element type stores it (float32 rounding, integer wrap-around).
double roundToType(DataType t, double v);
int64_t wrapToType(DataType t, int64_t v);

} // namespace rnnc::onnximport

#endif // RNNC_COMPILER_FRONTENDS_ONNX_TENSOR_H
