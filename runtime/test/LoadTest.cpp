// Loading and descriptor validation: fixture libraries through dlopen, and in-memory
// descriptors with one field broken at a time through rnnrt_wrap and through rnnc.hpp, which
// applies the same rules.
#include "TestModels.h"

#include <rnnc/rnnc.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <unistd.h>

using namespace rnnrt_test;

namespace {

TEST(Load, OpensFixtureAndDescribesIt) {
  rnnrt_error err;
  rnnrt_model *model = rnnrt_open(fixture("scale_model").c_str(), &err);
  ASSERT_NE(model, nullptr) << err.message;
  EXPECT_EQ(err.status, RNNRT_OK);
  EXPECT_STREQ(err.message, "");
  EXPECT_STREQ(rnnrt_model_name(model), "scale");
  ASSERT_EQ(rnnrt_num_inputs(model), 1u);
  ASSERT_EQ(rnnrt_num_outputs(model), 1u);
  const rnnc_tensor_desc *x = rnnrt_input(model, 0);
  ASSERT_NE(x, nullptr);
  EXPECT_STREQ(x->name, "x");
  EXPECT_EQ(x->dtype, RNNC_DTYPE_F32);
  ASSERT_EQ(x->rank, 3);
  EXPECT_EQ(x->shape[0], -1);
  EXPECT_EQ(x->shape[1], -1);
  EXPECT_EQ(x->shape[2], 3);
  EXPECT_STREQ(rnnrt_output(model, 0)->name, "y");
  EXPECT_EQ(rnnrt_input(model, 1), nullptr);
  EXPECT_EQ(rnnrt_output(model, 1), nullptr);
  rnnrt_close(model);
}

TEST(Load, NullModelIntrospection) {
  EXPECT_EQ(rnnrt_model_name(nullptr), nullptr);
  EXPECT_EQ(rnnrt_num_inputs(nullptr), 0u);
  EXPECT_EQ(rnnrt_input(nullptr, 0), nullptr);
  rnnrt_close(nullptr);
}

TEST(Load, MissingLibrary) {
  rnnrt_error err;
  EXPECT_EQ(rnnrt_open("/nonexistent/m.so", &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_LOAD);
  EXPECT_STREQ(err.message, "cannot open '/nonexistent/m.so': /nonexistent/m.so: cannot open "
                            "shared object file: No such file or directory");
  EXPECT_EQ(rnnrt_open(nullptr, &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_INVALID_ARGUMENT);
}

TEST(Load, LibraryWithoutDescriptor) {
  rnnrt_error err;
  std::string path = fixture("no_descriptor");
  EXPECT_EQ(rnnrt_open(path.c_str(), &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_LOAD);
  EXPECT_EQ(std::string(err.message),
            "'" + path +
                "' has no symbol rnnc_model_descriptor: not a model compiled with rnnc "
                "--emit=shared");
}

TEST(Load, DescriptorSymbolOfWrongSize) {
  rnnrt_error err;
  std::string path = fixture("tiny_descriptor");
  EXPECT_EQ(rnnrt_open(path.c_str(), &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_BAD_MODEL);
  EXPECT_EQ(std::string(err.message), "'" + path + "': rnnc_model_descriptor has 4 bytes, but an " +
                                          "rnnc_model has " + std::to_string(sizeof(rnnc_model)));
}

TEST(Load, WrongAbiVersion) {
  rnnrt_error err;
  std::string path = fixture("bad_abi_model");
  EXPECT_EQ(rnnrt_open(path.c_str(), &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_BAD_MODEL);
  EXPECT_EQ(std::string(err.message),
            "'" + path +
                "': model ABI version is 99, this runtime expects 2; recompile the model with "
                "a matching rnnc");
}

// A bare file name means the working directory, as on a command line, not the library path.
TEST(Load, BareNameIsRelativeToWorkingDirectory) {
  char previous[4096];
  ASSERT_NE(getcwd(previous, sizeof(previous)), nullptr);
  ASSERT_EQ(chdir(RNNC_FIXTURE_DIR), 0);
  rnnrt_error err;
  rnnrt_model *model = rnnrt_open("scale_model.so", &err);
  ASSERT_EQ(chdir(previous), 0);
  ASSERT_NE(model, nullptr) << err.message;
  rnnrt_close(model);
}

TEST(Load, NullErrorIsAllowed) {
  EXPECT_EQ(rnnrt_open("/nonexistent/m.so", nullptr), nullptr);
  EXPECT_EQ(rnnrt_wrap(nullptr, nullptr), nullptr);
}

TEST(Load, WrapsValidDescriptor) {
  PairModel pair;
  rnnrt_error err;
  rnnrt_model *model = rnnrt_wrap(&pair.desc, &err);
  ASSERT_NE(model, nullptr) << err.message;
  EXPECT_STREQ(rnnrt_model_name(model), "pair");
  EXPECT_EQ(rnnrt_num_inputs(model), 2u);
  rnnrt_close(model);
}

struct BrokenCase {
  const char *what;
  std::function<void(PairModel &)> breakIt;
  const char *message;
  const char *wrapper; // rnnc.hpp's coarser words for it; null when not asked
};

// Each case breaks one rule of the descriptor; the message must name the rule.
TEST(Load, RejectsMalformedDescriptors) {
  const char *missing = "model descriptor: missing name, functions or tensors";
  const BrokenCase cases[] = {
      {"abi", [](PairModel &m) { m.desc.abi_version = 3; },
       "model 'pair': model ABI version is 3, this runtime expects 2; recompile the model "
       "with a matching rnnc",
       "model descriptor: ABI version 3, this header expects 2; recompile the model with a "
       "matching rnnc"},
      {"name", [](PairModel &m) { m.desc.name = nullptr; },
       "model descriptor: the model name is NULL", missing},
      {"no outputs", [](PairModel &m) { m.desc.num_outputs = 0; },
       "model 'pair': expected >= 0 inputs and >= 1 outputs, found 2 inputs and 0 outputs",
       missing},
      {"negative inputs", [](PairModel &m) { m.desc.num_inputs = -1; },
       "model 'pair': expected >= 0 inputs and >= 1 outputs, found -1 inputs and 2 outputs",
       missing},
      {"inputs array", [](PairModel &m) { m.desc.inputs = nullptr; },
       "model 'pair': the inputs array is NULL", missing},
      {"outputs array", [](PairModel &m) { m.desc.outputs = nullptr; },
       "model 'pair': the outputs array is NULL", missing},
      {"run", [](PairModel &m) { m.desc.run = nullptr; }, "model 'pair': the run function is NULL",
       missing},
      {"status_message", [](PairModel &m) { m.desc.status_message = nullptr; },
       "model 'pair': the status_message function is NULL", missing},
      {"num_dims", [](PairModel &m) { m.desc.num_dims = 17; },
       "model 'pair': num_dims is 17; expected [0, 16]",
       "model descriptor: dims entry 2 is not the size of any input dim"},
      {"negative num_dims", [](PairModel &m) { m.desc.num_dims = -1; },
       "model 'pair': num_dims is -1; expected [0, 16]", missing},
      {"tensor name", [](PairModel &m) { m.inputs[1].name = nullptr; },
       "model 'pair': input 1 has a NULL name", "model descriptor: input 1 is malformed"},
      {"dtype", [](PairModel &m) { m.outputs[0].dtype = 7; },
       "model 'pair': output 0 'y': dtype 7 is not an rnnc_dtype (expected 1 to 4)",
       "model descriptor: output 0 is malformed"},
      {"rank", [](PairModel &m) { m.inputs[0].rank = 9; },
       "model 'pair': input 0 'x': rank 9 is outside [0, 8]",
       nullptr}, // rnnc.hpp takes any rank, and would read 9 dims of x's 3
      {"negative rank", [](PairModel &m) { m.inputs[0].rank = -1; },
       "model 'pair': input 0 'x': rank -1 is outside [0, 8]",
       "model descriptor: input 0 is malformed"},
      {"shape", [](PairModel &m) { m.inputs[0].shape = nullptr; },
       "model 'pair': input 0 'x': rank 3 but its shape is NULL",
       "model descriptor: input 0 is malformed"},
      {"dim_param", [](PairModel &m) { m.outputs[1].dim_param = nullptr; },
       "model 'pair': output 1 't': rank 2 but its dim_param is NULL",
       "model descriptor: output 1 is malformed"},
      {"dim", [](PairModel &m) { m.xShape[2] = -3; },
       "model 'pair': input 0 'x': dim 2 is -3; expected -1 (dynamic) or >= 0",
       "model descriptor: input 0 has a bad dim 2"},
      {"param range", [](PairModel &m) { m.tParam[0] = 2; },
       "model 'pair': output 1 't': dynamic dim 0 has dim_param 2; expected an index in [0, 2)",
       "model descriptor: output 1 has a bad dim 0"},
      {"static param", [](PairModel &m) { m.hParam[1] = 0; },
       "model 'pair': input 1 'h': static dim 1 has dim_param 0; expected -1",
       "model descriptor: input 1 has a bad dim 1"},
      {"unbound dims entry", [](PairModel &m) { m.desc.num_dims = 3; },
       "model 'pair': dims entry 2 is not the size of any input dim, so no input shape "
       "determines it",
       "model descriptor: dims entry 2 is not the size of any input dim"},
      // More entries than input dims: the first unbound one is still the one named.
      {"many dims entries", [](PairModel &m) { m.desc.num_dims = 16; },
       "model 'pair': dims entry 2 is not the size of any input dim, so no input shape "
       "determines it",
       "model descriptor: dims entry 2 is not the size of any input dim"},
  };
  for (const BrokenCase &c : cases) {
    PairModel pair;
    c.breakIt(pair);
    rnnrt_error err;
    EXPECT_EQ(rnnrt_wrap(&pair.desc, &err), nullptr) << c.what;
    EXPECT_EQ(err.status, RNNRT_ERR_BAD_MODEL) << c.what;
    EXPECT_STREQ(err.message, c.message) << c.what;
    if (!c.wrapper)
      continue;
    rnnc::Model wrapped(pair.desc);
    EXPECT_EQ(wrapped.check().code(), rnnc::StatusCode::BadModel) << c.what;
    EXPECT_EQ(wrapped.check().message(), c.wrapper) << c.what;
    EXPECT_TRUE(wrapped.inputs().empty() && wrapped.outputs().empty()) << c.what;
  }
  rnnrt_error err;
  EXPECT_EQ(rnnrt_wrap(nullptr, &err), nullptr);
  EXPECT_EQ(err.status, RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "rnnrt_wrap: desc is NULL");
}

// Messages are cut to the buffer, never overrun it.
TEST(Load, LongNamesAreTruncated) {
  std::string longName(2000, 'n');
  PairModel pair;
  pair.desc.name = longName.c_str();
  pair.desc.abi_version = 5;
  rnnrt_error err;
  std::memset(err.message, 'x', sizeof(err.message));
  EXPECT_EQ(rnnrt_wrap(&pair.desc, &err), nullptr);
  EXPECT_EQ(std::strlen(err.message), sizeof(err.message) - 1);
  EXPECT_EQ(std::string(err.message, 8), "model 'n");
}

TEST(Load, ErrorClear) {
  rnnrt_error err;
  rnnrt_wrap(nullptr, &err);
  EXPECT_NE(err.status, RNNRT_OK);
  rnnrt_error_clear(&err);
  EXPECT_EQ(err.status, RNNRT_OK);
  EXPECT_EQ(err.model_status, 0);
  EXPECT_STREQ(err.message, "");
  rnnrt_error_clear(nullptr);
}

} // namespace
