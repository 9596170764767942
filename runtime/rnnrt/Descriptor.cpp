// Validation of a model descriptor before librnnrt trusts it: a library built by another
// rnnc version, or a hand-written descriptor, must fail here rather than crash in run().
#include "Internal.h"

#include <cstdio>

namespace rnnrt {
namespace {

using rnnc::detail::ModelIssue;
using rnnc::detail::ModelRule;

// The rules are rnnc/detail/abi_check.h's, shared with rnnc.hpp; the words are librnnrt's.
rnnrt_status report(const rnnc_model &desc, const ModelIssue &issue, const char *origin,
                    rnnrt_error *err) {
  const rnnrt_status bad = RNNRT_ERR_BAD_MODEL;
  const char *kind = issue.output ? "output" : "input";
  // Tensor rules' messages start "<origin>: input 0 'x'". Cut to the message's size, this
  // prefix cuts the message where the whole text would have been cut.
  char tensor[RNNRT_MESSAGE_SIZE] = "";
  if (issue.tensor >= 0)
    std::snprintf(tensor, sizeof(tensor), "%s: %s %d '%s'", origin, kind, issue.tensor,
                  (issue.output ? desc.outputs : desc.inputs)[issue.tensor].name);
  long long got = static_cast<long long>(issue.got);
  long long expected = static_cast<long long>(issue.expected);
  switch (issue.rule) {
  case ModelRule::Ok:
    break;
  case ModelRule::AbiVersion:
    return fail(err, bad,
                "%s: model ABI version is %u, this runtime expects %lld; recompile the model "
                "with a matching rnnc",
                origin, static_cast<unsigned>(issue.got), expected);
  case ModelRule::NullName:
    return fail(err, bad, "%s: the model name is NULL", origin);
  case ModelRule::TensorCounts:
    return fail(err, bad,
                "%s: expected >= 0 inputs and >= 1 outputs, found %d inputs and %d outputs", origin,
                desc.num_inputs, desc.num_outputs);
  case ModelRule::NullInputs:
  case ModelRule::NullOutputs:
    return fail(err, bad, "%s: the %s array is NULL", origin,
                issue.rule == ModelRule::NullInputs ? "inputs" : "outputs");
  case ModelRule::NullRun:
  case ModelRule::NullStatusMessage:
    return fail(err, bad, "%s: the %s function is NULL", origin,
                issue.rule == ModelRule::NullRun ? "run" : "status_message");
  case ModelRule::UnknownFlags:
    return fail(err, bad, "%s: flags 0x%x has bits this runtime does not know", origin,
                static_cast<unsigned>(issue.got));
  case ModelRule::TwoPrecisions:
    return fail(err, bad,
                "%s: flags 0x%x name no one weight precision (two, or a bf16 or int8 state "
                "without weights of its type)",
                origin, static_cast<unsigned>(issue.got));
  case ModelRule::NullRunWith:
    return fail(err, bad, "%s: flags 0x%x, but the run_with function is NULL", origin,
                static_cast<unsigned>(issue.got));
  case ModelRule::NoWeightsBytes:
    return fail(err, bad, "%s: the model takes external weights, but weights_bytes is %lld", origin,
                got);
  case ModelRule::NumDims:
    return fail(err, bad, "%s: num_dims is %lld; expected [0, %lld]", origin, got, expected);
  case ModelRule::TensorName:
    return fail(err, bad, "%s: %s %d has a NULL name", origin, kind, issue.tensor);
  case ModelRule::TensorDtype:
    return fail(err, bad, "%s: dtype %lld is not an rnnc_dtype (expected 1 to 4)", tensor, got);
  case ModelRule::TensorRank:
    return fail(err, bad, "%s: rank %lld is outside [0, %lld]", tensor, got, expected);
  case ModelRule::NullShape:
  case ModelRule::NullDimParam:
    return fail(err, bad, "%s: rank %lld but its %s is NULL", tensor, got,
                issue.rule == ModelRule::NullShape ? "shape" : "dim_param");
  case ModelRule::DimSize:
    return fail(err, bad, "%s: dim %d is %lld; expected -1 (dynamic) or >= 0", tensor, issue.dim,
                got);
  case ModelRule::DynamicDimParam:
    return fail(err, bad, "%s: dynamic dim %d has dim_param %lld; expected an index in [0, %lld)",
                tensor, issue.dim, got, expected);
  case ModelRule::StaticDimParam:
    return fail(err, bad, "%s: static dim %d has dim_param %lld; expected -1", tensor, issue.dim,
                got);
  case ModelRule::UnboundDim:
    return fail(err, bad,
                "%s: dims entry %d is not the size of any input dim, so no input shape "
                "determines it",
                origin, issue.dim);
  }
  return RNNRT_OK;
}

} // namespace

rnnrt_status validateDescriptor(const rnnc_model *desc, const char *origin, rnnrt_error *err) {
  if (!desc)
    return fail(err, RNNRT_ERR_INVALID_ARGUMENT, "%s: the model descriptor is NULL", origin);
  // librnnrt holds shapes in arrays of RNNRT_MAX_RANK dims, and calls run_with.
  rnnc::detail::ModelReader reader;
  reader.maxRank = RNNRT_MAX_RANK;
  reader.callsRunWith = true;
  ModelIssue issue = rnnc::detail::checkModel(*desc, reader);
  if (!issue.ok())
    return report(*desc, issue, origin, err);
  auto seen = allocateArray<bool>(rnnc::detail::dimsBoundScratchSize(*desc));
  if (!seen)
    return fail(err, RNNRT_ERR_OUT_OF_MEMORY, "%s: out of memory", origin);
  issue = rnnc::detail::checkDimsBound(*desc, seen.get());
  if (!issue.ok())
    return report(*desc, issue, origin, err);
  return succeed(err);
}

} // namespace rnnrt
