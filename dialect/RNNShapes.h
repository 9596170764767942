// Where each dim of an `rnn` op's result comes from: the operand dim it equals. Shared by
// shape specialisation and by the compiled model's ABI description.
#ifndef RNNC_DIALECT_RNNSHAPES_H
#define RNNC_DIALECT_RNNSHAPES_H

#include "mlir/IR/Value.h"

#include <optional>
#include <utility>

namespace mlir::rnn {

/// The operand and dim that dim `dim` of `result` equals, for ops of the `rnn` dialect
/// whose result dim repeats an operand dim; nullopt otherwise (a static width).
std::optional<std::pair<Value, int64_t>> getDimSource(OpResult result,
                                                      int64_t dim);

} // namespace mlir::rnn

#endif // RNNC_DIALECT_RNNSHAPES_H
