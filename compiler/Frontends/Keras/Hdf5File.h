// RAII wrappers around the HDF5 C API: open files (on disk or from memory), find groups,
// read string attributes and float datasets. Every failure is an llvm::Error value; the
// library's own error printing is silenced.
#ifndef RNNC_COMPILER_FRONTENDS_KERAS_HDF5FILE_H
#define RNNC_COMPILER_FRONTENDS_KERAS_HDF5FILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <hdf5.h>

#include <string>
#include <vector>

namespace rnnc::keras {

/// An owned HDF5 identifier (file, group, dataset, attribute, type, space or property
/// list), closed with the function matching its kind.
class H5Handle {
public:
  H5Handle() = default;
  explicit H5Handle(hid_t id) : id(id) {}
  H5Handle(H5Handle &&other) : id(other.id) { other.id = -1; }
  H5Handle &operator=(H5Handle &&other) {
    if (this != &other) {
      reset();
      id = other.id;
      other.id = -1;
    }
    return *this;
  }
  H5Handle(const H5Handle &) = delete;
  H5Handle &operator=(const H5Handle &) = delete;
  ~H5Handle() { reset(); }

  hid_t get() const { return id; }
  explicit operator bool() const { return id >= 0; }
  void reset();

private:
  hid_t id = -1;
};

/// A float array read from a dataset, converted to float32.
struct FloatArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> values;
};

/// An open HDF5 file; `root()` is its root group.
class Hdf5File {
public:
  /// Opens `path` read-only.
  static llvm::Expected<Hdf5File> open(llvm::StringRef path);
  /// Opens an HDF5 file image held in memory (the bytes are copied).
  static llvm::Expected<Hdf5File> openImage(llvm::ArrayRef<char> bytes);

  hid_t root() const { return file.get(); }

private:
  H5Handle file;
};

/// Whether `path` ('a/b/c', relative to `loc`) names an object; checks each component,
/// so a missing intermediate group is simply "no".
bool hasObject(hid_t loc, llvm::StringRef path);
/// Whether `path` (relative to `loc`) names a group, not a dataset.
bool isGroup(hid_t loc, llvm::StringRef path);
llvm::Expected<H5Handle> openGroup(hid_t loc, llvm::StringRef path);

bool hasAttribute(hid_t obj, llvm::StringRef name);
/// A string attribute: a scalar or one-element array, fixed-length or variable-length.
llvm::Expected<std::string> readStringAttribute(hid_t obj, llvm::StringRef name);
/// A list-of-strings attribute. Keras splits long lists into `name0`, `name1`, ...
/// chunks; those are joined.
llvm::Expected<std::vector<std::string>> readStringListAttribute(hid_t obj, llvm::StringRef name);

/// The float (or integer) dataset at `path`, converted to float32.
llvm::Expected<FloatArray> readFloatDataset(hid_t loc, llvm::StringRef path);

} // namespace rnnc::keras

#endif // RNNC_COMPILER_FRONTENDS_KERAS_HDF5FILE_H
