// The activation attribute: its parameters, hand-writable syntax and verifier.
#include "dialect/RNNDialect.h"

#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace mlir::rnn;

unsigned ActivationAttr::getNumParameters(ActivationKind kind) {
  switch (kind) {
  case ActivationKind::affine:
  case ActivationKind::scaled_tanh:
  case ActivationKind::hard_sigmoid:
    return 2;
  case ActivationKind::leaky_relu:
  case ActivationKind::thresholded_relu:
  case ActivationKind::elu:
    return 1;
  default:
    return 0;
  }
}

ActivationAttr ActivationAttr::get(MLIRContext *ctx, ActivationKind kind,
                                   std::optional<double> alpha, std::optional<double> beta) {
  Type f64 = Float64Type::get(ctx);
  return get(ctx, kind, alpha ? FloatAttr::get(f64, *alpha) : FloatAttr(),
             beta ? FloatAttr::get(f64, *beta) : FloatAttr());
}

LogicalResult ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                     ActivationKind kind, FloatAttr alpha, FloatAttr beta) {
  unsigned expected = getNumParameters(kind);
  StringRef name = stringifyActivationKind(kind);
  if (expected >= 1 && !alpha)
    return emitError() << "activation '" << name << "' requires 'alpha'";
  if (expected >= 2 && !beta)
    return emitError() << "activation '" << name << "' requires 'beta'";
  if (expected < 1 && alpha)
    return emitError() << "activation '" << name << "' takes no 'alpha'";
  if (expected < 2 && beta)
    return emitError() << "activation '" << name << "' takes no 'beta'";
  for (FloatAttr p : {alpha, beta})
    if (p && !p.getType().isF64())
      return emitError() << "activation '" << name << "' parameters are stored as f64, got "
                         << p.getType();
  for (FloatAttr p : {alpha, beta})
    if (p && !p.getValue().isFinite())
      return emitError() << "activation '" << name << "' parameters must be finite";
  return success();
}

// Syntax: `<kind>` or `<kind, alpha = 0.01>` or `<kind, alpha = 1.0, beta = 0.5>`.
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  MLIRContext *ctx = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc) << "unknown activation '" << keyword
                          << "'; expected one of tanh, sigmoid, relu, linear, "
                             "affine, leaky_relu, thresholded_relu, "
                             "scaled_tanh, hard_sigmoid, elu, softsign, "
                             "softplus, selu";
    return {};
  }
  std::optional<double> alpha, beta;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef name;
    SMLoc nameLoc = parser.getCurrentLocation();
    double value;
    if (parser.parseKeyword(&name) || parser.parseEqual() || parser.parseFloat(value))
      return {};
    std::optional<double> *slot = name == "alpha" ? &alpha : name == "beta" ? &beta : nullptr;
    if (!slot) {
      parser.emitError(nameLoc) << "unknown activation parameter '" << name
                                << "'; expected 'alpha' or 'beta'";
      return {};
    }
    if (*slot) {
      parser.emitError(nameLoc) << "activation parameter '" << name << "' given twice";
      return {};
    }
    *slot = value;
  }
  if (parser.parseGreater())
    return {};
  Type f64 = Float64Type::get(ctx);
  return getChecked([&] { return parser.emitError(loc); }, ctx, *kind,
                    alpha ? FloatAttr::get(f64, *alpha) : FloatAttr(),
                    beta ? FloatAttr::get(f64, *beta) : FloatAttr());
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << '<' << stringifyActivationKind(getKind());
  if (getAlpha()) {
    printer << ", alpha = ";
    printer.printFloat(getAlpha().getValue());
  }
  if (getBeta()) {
    printer << ", beta = ";
    printer.printFloat(getBeta().getValue());
  }
  printer << '>';
}
