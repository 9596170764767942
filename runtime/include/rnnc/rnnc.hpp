// rnnc.hpp: a header-only C++17 view of a model compiled by rnnc, through its rnnc_model
// descriptor (<name>_model from the generated header, or rnnc_model_descriptor from a
// shared library). It checks tensors' dtypes, ranks and shapes against the model, derives
// the dynamic dims from the input shapes and calls the model's run function.
//
//   #include "seed.h"
//   #include <rnnc/rnnc.hpp>
//
//   rnnc::Model model(seed_model);
//   rnnc::Tensor<float> x({1, 10, 4});
//   rnnc::Result<std::vector<rnnc::Tensor<float>>> y = model.run<float>({x});
//   if (!y) std::fprintf(stderr, "%s\n", y.status().message().c_str());
//
// Errors are values by default: functions return rnnc::Status or rnnc::Result<T>. Define
// RNNC_HPP_EXCEPTIONS before including this header to have them throw rnnc::Error instead.
// Needs only <rnnc/model_abi.h> and <rnnc/detail/abi_check.h>, where the descriptor and shape
// rules librnnrt applies too are written; no library to link.
#ifndef RNNC_RNNC_HPP
#define RNNC_RNNC_HPP

#if !defined(__cplusplus) || __cplusplus < 201703L
#error "rnnc.hpp needs C++17"
#endif

#include "rnnc/detail/abi_check.h"
#include "rnnc/model_abi.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#ifdef RNNC_HPP_EXCEPTIONS
#include <stdexcept>
#endif

namespace rnnc {

// ---- Element types -----------------------------------------------------------------------

/// The rnnc_dtype of a C++ element type: dtype_of<float>::value == RNNC_DTYPE_F32.
template <class T> struct dtype_of;
template <> struct dtype_of<float> : std::integral_constant<int32_t, RNNC_DTYPE_F32> {};
template <> struct dtype_of<double> : std::integral_constant<int32_t, RNNC_DTYPE_F64> {};
template <> struct dtype_of<int32_t> : std::integral_constant<int32_t, RNNC_DTYPE_I32> {};
template <> struct dtype_of<int64_t> : std::integral_constant<int32_t, RNNC_DTYPE_I64> {};
template <class T> inline constexpr int32_t dtype_v = dtype_of<T>::value;

/// "float32", "float64", "int32", "int64"; "unknown" for anything else.
inline const char *dtype_name(int32_t dtype) {
  const char *name = detail::dtypeName(dtype);
  return name ? name : "unknown";
}

/// Bytes per element; 0 for an unknown dtype.
inline std::size_t dtype_size(int32_t dtype) { return detail::dtypeSize(dtype); }

// ---- Status and Result -------------------------------------------------------------------

enum class StatusCode {
  Ok = 0,
  InvalidArgument, ///< a NULL buffer, a wrong number of tensors
  BadModel,        ///< the descriptor has another ABI version or is malformed
  Mismatch,        ///< a tensor's dtype, rank, shape or buffer size disagrees with the model
  Model,           ///< the model's run function failed; see model_status()
};

/// The outcome of a call: OK, or a code and a message that names the tensor and the dim.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(StatusCode code, std::string message, int32_t modelStatus = RNNC_OK)
      : code_(code), modelStatus_(modelStatus), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::Ok; }
  explicit operator bool() const { return ok(); }
  StatusCode code() const { return code_; }
  /// The rnnc_status the model returned, when code() is StatusCode::Model.
  int32_t model_status() const { return modelStatus_; }
  /// Empty when ok().
  const std::string &message() const { return message_; }

private:
  StatusCode code_ = StatusCode::Ok;
  int32_t modelStatus_ = RNNC_OK;
  std::string message_;
};

#ifdef RNNC_HPP_EXCEPTIONS
/// Thrown instead of returning a failed Status when RNNC_HPP_EXCEPTIONS is defined.
class Error : public std::runtime_error {
public:
  explicit Error(Status status)
      : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status &status() const { return status_; }

private:
  Status status_;
};
#endif

namespace detail {
/// Every failure leaves the library through here: returned, or thrown.
inline Status report(Status status) {
#ifdef RNNC_HPP_EXCEPTIONS
  if (!status.ok())
    throw Error(std::move(status));
#endif
  return status;
}

[[noreturn]] inline void badAccess(const Status &status) {
#ifdef RNNC_HPP_EXCEPTIONS
  throw Error(status);
#else
  std::fprintf(stderr, "rnnc::Result::value() called on an error: %s\n", status.message().c_str());
  std::abort();
#endif
}
} // namespace detail

/// A value or the Status that explains why there is none.
template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : state_(std::in_place_index<1>, std::move(value)) {}
  Result(Status status) : state_(std::in_place_index<0>, detail::report(std::move(status))) {
    if (std::get<0>(state_).ok())
      std::get<0>(state_) = Status(StatusCode::InvalidArgument,
                                   "rnnc::Result built from an OK status without a value");
  }

  bool ok() const { return state_.index() == 1; }
  explicit operator bool() const { return ok(); }
  /// OK when there is a value.
  const Status &status() const {
    static const Status okStatus;
    return ok() ? okStatus : std::get<0>(state_);
  }
  /// The value; calling these on an error aborts (or throws with RNNC_HPP_EXCEPTIONS).
  T &value() & {
    check();
    return std::get<1>(state_);
  }
  const T &value() const & {
    check();
    return std::get<1>(state_);
  }
  T &&value() && {
    check();
    return std::get<1>(std::move(state_));
  }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

private:
  void check() const {
    if (!ok())
      detail::badAccess(std::get<0>(state_));
  }
  std::variant<Status, T> state_;
};

// ---- Tensors -----------------------------------------------------------------------------

/// A read-only view of contiguous elements: a vector, an array, a C array or a braced list.
/// A braced list lives until the end of the full expression: pass it straight to a call.
template <class T> class Span {
public:
  constexpr Span() = default;
  constexpr Span(const T *data, std::size_t size) : data_(data), size_(size) {}
  Span(std::initializer_list<T> list) : Span(list.begin(), list.size()) {}
  template <class A> Span(const std::vector<T, A> &v) : data_(v.data()), size_(v.size()) {}
  template <std::size_t N> Span(const std::array<T, N> &a) : data_(a.data()), size_(N) {}
  template <std::size_t N> Span(const T (&a)[N]) : data_(a), size_(N) {}

  const T *data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T *begin() const { return data_; }
  const T *end() const { return data_ + size_; }
  const T &operator[](std::size_t i) const { return data_[i]; }

private:
  const T *data_ = nullptr;
  std::size_t size_ = 0;
};

/// Marks a buffer whose size the caller did not give; its shape is then trusted.
inline constexpr std::size_t kUnknownSize = std::numeric_limits<std::size_t>::max();

/// A caller's input: dense, C order (row-major).
struct TensorRef {
  const void *data = nullptr;
  int32_t dtype = 0; ///< an rnnc_dtype
  std::vector<int64_t> shape;
  std::size_t size_bytes = kUnknownSize; ///< bytes available at data, when known

  template <class T>
  static TensorRef of(const T *data, std::vector<int64_t> shape, std::size_t count = kUnknownSize) {
    return {data, dtype_v<T>, std::move(shape),
            count == kUnknownSize ? kUnknownSize : count * sizeof(T)};
  }
};

/// A caller's output buffer: dense, C order, written by the model.
struct MutableTensorRef {
  void *data = nullptr;
  int32_t dtype = 0; ///< an rnnc_dtype
  std::vector<int64_t> shape;
  std::size_t size_bytes = kUnknownSize;

  template <class T>
  static MutableTensorRef of(T *data, std::vector<int64_t> shape,
                             std::size_t count = kUnknownSize) {
    return {data, dtype_v<T>, std::move(shape),
            count == kUnknownSize ? kUnknownSize : count * sizeof(T)};
  }
};

namespace detail {
/// Elements of a shape; 0 when a dim is negative or the product overflows, which the
/// checks in Model report before anything reads the buffer.
inline std::size_t elementCount(const std::vector<int64_t> &shape) {
  std::size_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return 0;
    if (d != 0 && n > std::numeric_limits<std::size_t>::max() / static_cast<std::size_t>(d))
      return 0;
    n *= static_cast<std::size_t>(d);
  }
  return n;
}
} // namespace detail

/// A tensor that owns its elements (zero-initialised), with its shape.
template <class T> class Tensor {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> ||
                    std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>,
                "rnnc::Tensor<T>: T must be float, double, int32_t or int64_t");

public:
  Tensor() = default;
  explicit Tensor(std::vector<int64_t> shape)
      : shape_(std::move(shape)), data_(detail::elementCount(shape_)) {}
  /// `data` should hold exactly the shape's element count; Model checks that it does.
  Tensor(std::vector<int64_t> shape, std::vector<T> data)
      : shape_(std::move(shape)), data_(std::move(data)) {}

  const std::vector<int64_t> &shape() const { return shape_; }
  int64_t dim(std::size_t d) const { return shape_[d]; }
  std::size_t rank() const { return shape_.size(); }
  std::size_t size() const { return data_.size(); }
  T *data() { return data_.data(); }
  const T *data() const { return data_.data(); }
  std::vector<T> &values() { return data_; }
  const std::vector<T> &values() const { return data_; }
  T &operator[](std::size_t i) { return data_[i]; }
  const T &operator[](std::size_t i) const { return data_[i]; }
  T *begin() { return data_.data(); }
  T *end() { return data_.data() + data_.size(); }
  const T *begin() const { return data_.data(); }
  const T *end() const { return data_.data() + data_.size(); }

  TensorRef ref() const { return {data_.data(), dtype_v<T>, shape_, data_.size() * sizeof(T)}; }
  MutableTensorRef mut() { return {data_.data(), dtype_v<T>, shape_, data_.size() * sizeof(T)}; }
  operator TensorRef() const { return ref(); }
  operator MutableTensorRef() { return mut(); }

private:
  std::vector<int64_t> shape_;
  std::vector<T> data_;
};

// ---- The model ---------------------------------------------------------------------------

/// An input or output as the model declares it.
struct TensorInfo {
  std::string_view name;
  int32_t dtype = 0;              ///< an rnnc_dtype
  std::vector<int64_t> shape;     ///< -1 marks a dynamic dim
  std::vector<int32_t> dim_param; ///< for a dynamic dim, its index in the dims; else -1

  std::size_t rank() const { return shape.size(); }
  bool is_static() const {
    for (int64_t d : shape)
      if (d < 0)
        return false;
    return true;
  }
};

namespace detail {
inline std::string shapeText(const std::vector<int64_t> &shape, bool dynamicAsQuestion) {
  std::string s = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (d)
      s += ", ";
    s += dynamicAsQuestion && shape[d] == -1 ? std::string("?") : std::to_string(shape[d]);
  }
  return s + "]";
}

inline std::string label(const char *kind, std::size_t index, const TensorInfo &t) {
  return std::string(kind) + " " + std::to_string(index) + " '" + std::string(t.name) + "'";
}
} // namespace detail

/// A compiled model, seen through its descriptor. Copyable; the descriptor must
/// outlive it (descriptors of linked models are static). run() keeps no state, so one
/// Model may run on several threads at once with distinct output buffers.
class Model {
public:
  explicit Model(const rnnc_model &desc) : desc_(&desc) { valid_ = detail::report(describe()); }

  const rnnc_model &descriptor() const { return *desc_; }
  /// OK when the descriptor is one this header understands; every call checks it first.
  const Status &check() const { return valid_; }
  std::string_view name() const { return desc_->name ? desc_->name : ""; }
  const std::vector<TensorInfo> &inputs() const { return inputs_; }
  const std::vector<TensorInfo> &outputs() const { return outputs_; }
  /// How many dynamic dims the run function takes.
  int32_t num_dims() const { return valid_.ok() ? desc_->num_dims : 0; }

  /// Checks the inputs' count, dtypes, ranks and shapes, and returns the run function's
  /// dims (each dynamic dim, taken from the input it belongs to).
  Result<std::vector<int64_t>> dims(Span<TensorRef> inputs) const {
    std::vector<int64_t> values;
    if (Status s = bindInputs(inputs, values); !s.ok())
      return s;
    return values;
  }

  /// The concrete shape of every output for these inputs.
  Result<std::vector<std::vector<int64_t>>> output_shapes(Span<TensorRef> inputs) const {
    std::vector<int64_t> values;
    if (Status s = bindInputs(inputs, values); !s.ok())
      return s;
    std::vector<std::vector<int64_t>> shapes;
    for (std::size_t i = 0; i < outputs_.size(); ++i)
      shapes.push_back(resolve(i, values));
    return shapes;
  }

  /// Checks every input and output against the model, then runs it once.
  Status run(Span<TensorRef> inputs, Span<MutableTensorRef> outputs) const {
    std::vector<int64_t> values;
    if (Status s = bindInputs(inputs, values); !s.ok())
      return s;
    if (outputs.size() != outputs_.size())
      return fail(StatusCode::InvalidArgument,
                  countText("output", outputs_.size(), outputs.size()));
    for (std::size_t i = 0; i < outputs.size(); ++i)
      if (Status s = checkOutput(i, outputs[i], values); !s.ok())
        return s;

    // The model never sees a NULL array or buffer, even for no dims or an empty tensor
    // (it writes nothing there).
    static unsigned char empty[8];
    values.push_back(0);
    std::vector<const void *> in(inputs.size() + 1, empty);
    std::vector<void *> out(outputs.size(), empty);
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i].data)
        in[i] = inputs[i].data;
    for (std::size_t i = 0; i < outputs.size(); ++i)
      if (outputs[i].data)
        out[i] = outputs[i].data;
    int32_t status = desc_->run(values.data(), in.data(), out.data());
    if (status != RNNC_OK)
      return fail(StatusCode::Model,
                  "model '" + std::string(name()) + "': " + desc_->status_message(status), status);
    return Status();
  }

  /// Runs the model into newly allocated outputs, all of element type T.
  template <class T> Result<std::vector<Tensor<T>>> run(Span<TensorRef> inputs) const {
    Result<std::vector<std::vector<int64_t>>> shapes = output_shapes(inputs);
    if (!shapes)
      return shapes.status();
    for (std::size_t i = 0; i < outputs_.size(); ++i)
      if (outputs_[i].dtype != dtype_v<T>)
        return fail(StatusCode::Mismatch, "model '" + std::string(name()) +
                                              "': " + detail::label("output", i, outputs_[i]) +
                                              " is " + dtype_name(outputs_[i].dtype) + ", not " +
                                              dtype_name(dtype_v<T>));
    std::vector<Tensor<T>> results;
    std::vector<MutableTensorRef> refs;
    results.reserve(outputs_.size());
    for (std::vector<int64_t> &shape : *shapes)
      results.emplace_back(std::move(shape));
    for (Tensor<T> &t : results)
      refs.push_back(t.mut());
    if (Status s = run(inputs, refs); !s.ok())
      return s;
    return results;
  }

private:
  static Status fail(StatusCode code, std::string message, int32_t modelStatus = RNNC_OK) {
    return detail::report(Status(code, std::move(message), modelStatus));
  }

  std::string countText(const char *kind, std::size_t expected, std::size_t given) const {
    return "model '" + std::string(name()) + "': expected " + std::to_string(expected) + " " +
           kind + (expected == 1 ? "" : "s") + ", got " + std::to_string(given);
  }

  /// Reads the descriptor into inputs_/outputs_, checking what run() relies on.
  Status describe() {
    const rnnc_model &d = *desc_;
    // This header keeps shapes in vectors and calls only run(), so librnnrt's rank limit
    // and its rules on flags, run_with and weights_bytes do not apply.
    detail::ModelReader reader;
    detail::ModelIssue issue = detail::checkModel(d, reader);
    if (issue.ok()) {
      std::unique_ptr<bool[]> seen(new bool[detail::dimsBoundScratchSize(d)]);
      issue = detail::checkDimsBound(d, seen.get());
    }
    if (!issue.ok())
      return Status(StatusCode::BadModel, "model descriptor: " + modelIssueText(issue));
    for (int kind = 0; kind < 2; ++kind) {
      int32_t count = kind == 0 ? d.num_inputs : d.num_outputs;
      const rnnc_tensor_desc *tensors = kind == 0 ? d.inputs : d.outputs;
      for (int32_t i = 0; i < count; ++i) {
        const rnnc_tensor_desc &t = tensors[i];
        TensorInfo info{t.name, t.dtype, {}, {}};
        info.shape.assign(t.shape, t.shape + t.rank);
        info.dim_param.assign(t.dim_param, t.dim_param + t.rank);
        (kind == 0 ? inputs_ : outputs_).push_back(std::move(info));
      }
    }
    return Status();
  }

  static std::string modelIssueText(const detail::ModelIssue &issue) {
    using Rule = detail::ModelRule;
    std::string tensor =
        std::string(issue.output ? "output " : "input ") + std::to_string(issue.tensor);
    switch (issue.rule) {
    case Rule::AbiVersion:
      return "ABI version " + std::to_string(issue.got) + ", this header expects " +
             std::to_string(issue.expected) + "; recompile the model with a matching rnnc";
    case Rule::TensorName:
    case Rule::TensorDtype:
    case Rule::TensorRank:
    case Rule::NullShape:
    case Rule::NullDimParam:
      return tensor + " is malformed";
    case Rule::DimSize:
    case Rule::DynamicDimParam:
    case Rule::StaticDimParam:
      return tensor + " has a bad dim " + std::to_string(issue.dim);
    case Rule::UnboundDim:
      return "dims entry " + std::to_string(issue.dim) + " is not the size of any input dim";
    case Rule::Ok:
    case Rule::NullName:
    case Rule::TensorCounts:
    case Rule::NullInputs:
    case Rule::NullOutputs:
    case Rule::NullRun:
    case Rule::NullStatusMessage:
    case Rule::NumDims:
    // The flags rules, which describe() leaves out.
    case Rule::UnknownFlags:
    case Rule::TwoPrecisions:
    case Rule::NullRunWith:
    case Rule::NoWeightsBytes:
      break;
    }
    return "missing name, functions or tensors";
  }

  Status bindInputs(Span<TensorRef> inputs, std::vector<int64_t> &dimValues) const {
    if (!valid_.ok())
      return detail::report(valid_);
    if (inputs.size() != inputs_.size())
      return fail(StatusCode::InvalidArgument, countText("input", inputs_.size(), inputs.size()));
    dimValues.assign(static_cast<std::size_t>(desc_->num_dims), -1);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const TensorInfo &want = inputs_[i];
      const TensorRef &got = inputs[i];
      std::string what = "model '" + std::string(name()) + "': " + detail::label("input", i, want);
      if (Status s =
              checkTensor(what, desc_->inputs[i], want, got.dtype, got.shape, dimValues.data());
          !s.ok())
        return s;
      if (Status s = checkBuffer(what, got.data, got.dtype, got.shape, got.size_bytes); !s.ok())
        return s;
    }
    return Status();
  }

  Status checkOutput(std::size_t index, const MutableTensorRef &got,
                     const std::vector<int64_t> &dimValues) const {
    const TensorInfo &want = outputs_[index];
    std::string what =
        "model '" + std::string(name()) + "': " + detail::label("output", index, want);
    if (Status s = checkTensor(what, desc_->outputs[index], want, got.dtype, got.shape, nullptr);
        !s.ok())
      return s;
    std::vector<int64_t> shape = resolve(index, dimValues);
    if (got.shape != shape)
      return fail(StatusCode::Mismatch,
                  what + ": expected shape " + detail::shapeText(shape, false) +
                      " for these inputs, got " + detail::shapeText(got.shape, false));
    return checkBuffer(what, got.data, got.dtype, got.shape, got.size_bytes);
  }

  /// dtype, then the shape against `tensor` (binding `dims`, for an input).
  Status checkTensor(const std::string &what, const rnnc_tensor_desc &tensor,
                     const TensorInfo &want, int32_t dtype, const std::vector<int64_t> &shape,
                     int64_t *dims) const {
    if (dtype != want.dtype)
      return fail(StatusCode::Mismatch,
                  what + ": expected " + dtype_name(want.dtype) + ", got " + dtype_name(dtype));
    detail::ShapeIssue issue =
        detail::matchShape(*desc_, tensor, static_cast<int64_t>(shape.size()), shape.data(), dims);
    std::string dim = std::to_string(issue.dim);
    switch (issue.rule) {
    case detail::ShapeRule::Ok:
      break;
    case detail::ShapeRule::Rank:
      return fail(StatusCode::Mismatch, what + ": expected rank " + std::to_string(want.rank()) +
                                            " " + detail::shapeText(want.shape, true) +
                                            ", got rank " + std::to_string(shape.size()) + " " +
                                            detail::shapeText(shape, false));
    case detail::ShapeRule::NegativeDim:
      return fail(StatusCode::Mismatch, what + ": dim " + dim + " is " + std::to_string(issue.got) +
                                            " in " + detail::shapeText(shape, false) +
                                            "; dims must be >= 0");
    case detail::ShapeRule::StaticDim:
      return fail(StatusCode::Mismatch, what + ": expected shape " +
                                            detail::shapeText(want.shape, true) + ", got " +
                                            detail::shapeText(shape, false) + " (dim " + dim +
                                            " must be " + std::to_string(issue.expected) + ")");
    case detail::ShapeRule::SharedDim: {
      std::size_t other = static_cast<std::size_t>(issue.boundInput);
      return fail(StatusCode::Mismatch,
                  what + " dim " + dim + " is " + std::to_string(issue.got) + ", but " +
                      detail::label("input", other, inputs_[other]) + " dim " +
                      std::to_string(issue.boundDim) + " is " + std::to_string(issue.expected) +
                      "; the model requires them to be equal");
    }
    }
    return Status();
  }

  /// The buffer is present and large enough for its shape.
  static Status checkBuffer(const std::string &what, const void *data, int32_t dtype,
                            const std::vector<int64_t> &shape, std::size_t sizeBytes) {
    std::size_t bytes = 0;
    if (!detail::byteSize(dtype, static_cast<int64_t>(shape.size()), shape.data(), bytes))
      return fail(StatusCode::Mismatch,
                  what + ": shape " + detail::shapeText(shape, false) + " is too large");
    if (!data && bytes > 0)
      return fail(StatusCode::InvalidArgument, what + ": data is NULL");
    if (sizeBytes != kUnknownSize && sizeBytes < bytes)
      return fail(StatusCode::Mismatch, what + ": shape " + detail::shapeText(shape, false) +
                                            " needs " + std::to_string(bytes) +
                                            " bytes, the buffer has " + std::to_string(sizeBytes));
    return Status();
  }

  std::vector<int64_t> resolve(std::size_t index, const std::vector<int64_t> &dimValues) const {
    const rnnc_tensor_desc &t = desc_->outputs[index];
    std::vector<int64_t> shape(static_cast<std::size_t>(t.rank));
    detail::outputShape(t, dimValues.data(), shape.data());
    return shape;
  }

  const rnnc_model *desc_;
  std::vector<TensorInfo> inputs_, outputs_;
  Status valid_;
};

} // namespace rnnc

#endif // RNNC_RNNC_HPP
