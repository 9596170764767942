// Diagnostics at `file:0:0` printed as `file: error: ...` (see ModelDiagnostics.h).
#include "compiler/Driver/ModelDiagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace rnnc {
namespace {

/// The file of a location that names a file but no position in it.
std::optional<StringRef> unpositionedFile(Location loc) {
  auto file = loc->findInstanceOf<FileLineColLoc>();
  if (!file || file.getLine() != 0 || file.getColumn() != 0)
    return std::nullopt;
  return file.getFilename().getValue();
}

StringRef severityName(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

} // namespace

ModelDiagnosticHandler::ModelDiagnosticHandler(MLIRContext &ctx) : ctx(ctx) {
  id = ctx.getDiagEngine().registerHandler([](Diagnostic &diag) -> LogicalResult {
    std::optional<StringRef> file = unpositionedFile(diag.getLocation());
    if (!file)
      return failure(); // a real position: the SourceMgr handler shows it
    raw_ostream &os = llvm::errs();
    os << *file << ": " << severityName(diag.getSeverity()) << ": " << diag.str() << "\n";
    for (Diagnostic &note : diag.getNotes()) {
      std::optional<StringRef> noteFile = unpositionedFile(note.getLocation());
      if (noteFile)
        os << *noteFile << ": ";
      else
        os << note.getLocation() << ": ";
      os << "note: " << note.str() << "\n";
    }
    os.flush();
    return success();
  });
}

ModelDiagnosticHandler::~ModelDiagnosticHandler() { ctx.getDiagEngine().eraseHandler(id); }

} // namespace rnnc
