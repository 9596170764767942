// The C99/C++ header of a compiled model, made from its description.
#ifndef RNNC_COMPILER_TARGET_MODELHEADER_H
#define RNNC_COMPILER_TARGET_MODELHEADER_H

#include "compiler/Target/ModelInterface.h"

#include <string>

namespace rnnc {

/// The header: the ABI types, the shapes as macros, the run functions' declarations, and
/// for external weights and stateful models the static inline helpers that load weights
/// files and carry states between calls.
std::string generateHeader(const ModelInterface &model);

/// The run function's parameter for dynamic dim `param` ("x_d0").
std::string dimName(const ModelInterface &model, int32_t param);

/// A tensor's dims as the header's comments give them: "[x_d0, 10, 4]" (a dynamic dim named
/// after the run function's parameter).
std::string shapeText(const ModelInterface &model, const TensorInterface &tensor);

/// The parameters of <name>_run, as the header declares them ("int64_t x_d0, const float *x,
/// float *y").
std::string runParameters(const ModelInterface &model);

} // namespace rnnc

#endif // RNNC_COMPILER_TARGET_MODELHEADER_H
