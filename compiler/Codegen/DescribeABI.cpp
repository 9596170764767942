// rnn-describe-abi: records on the model function what its C signature is made of, for
// rnn-wrap-entry-points to build the entries from once the function is lowered to buffers.
#include "compiler/Codegen/Passes.h"
#include "compiler/Target/ModelInterface.h"
#include "compiler/Transforms/ModelFunction.h"

namespace rnnc {
#define GEN_PASS_DEF_DESCRIBEABI
#include "compiler/Codegen/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

struct DescribeABI : rnnc::impl::DescribeABIBase<DescribeABI> {
  using DescribeABIBase::DescribeABIBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp model = rnnc::findModelFunction(module, "");
    if (!model)
      return signalPassFailure();
    std::string prefix = name;
    if (prefix.empty()) {
      prefix = model.getSymName().str();
      if (StringRef(prefix).ends_with("_impl"))
        prefix.resize(prefix.size() - 5);
    }
    FailureOr<rnnc::ModelInterface> described = rnnc::describeModel(model, prefix);
    if (failed(described))
      return signalPassFailure();

    Builder b(&getContext());
    auto tensors = [&](ArrayRef<rnnc::TensorInterface> list) {
      SmallVector<Attribute> attrs;
      for (const rnnc::TensorInterface &t : list) {
        SmallVector<NamedAttribute> fields{
            b.getNamedAttr("shape", b.getDenseI64ArrayAttr(t.shape)),
            b.getNamedAttr("dim_params", b.getDenseI32ArrayAttr(t.dimParam))};
        if (t.idLimit >= 0)
          fields.push_back(b.getNamedAttr("id_limit", b.getI64IntegerAttr(t.idLimit)));
        attrs.push_back(b.getDictionaryAttr(fields));
      }
      return b.getArrayAttr(attrs);
    };
    SmallVector<Attribute> requirements;
    for (const std::string &r : described->requirements)
      requirements.push_back(b.getStringAttr(r));
    model->setAttr("rnn.abi", b.getDictionaryAttr({
                                  b.getNamedAttr("name", b.getStringAttr(described->name)),
                                  b.getNamedAttr("dims", b.getI64IntegerAttr(described->numDims)),
                                  b.getNamedAttr("inputs", tensors(described->inputs)),
                                  b.getNamedAttr("outputs", tensors(described->outputs)),
                                  b.getNamedAttr("requirements", b.getArrayAttr(requirements)),
                              }));
  }
};

} // namespace
