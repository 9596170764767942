// rnnrt_load_weights and runs of models compiled with external weights: a good file is
// used by the next run, and every bad file is refused with its reason, keeping the old
// weights.
#include "TestModels.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace rnnrt_test;

namespace {

using Model = std::unique_ptr<rnnrt_model, void (*)(rnnrt_model *)>;

// The file rnnc writes: "RNNCWGT1", fingerprint, payload size and precision (little-endian
// u64), zeros to 64 bytes, then the payload.
std::string weightsFile(uint64_t fingerprint, uint64_t bytes, const std::string &payload,
                        uint64_t precision = RNNC_WEIGHTS_PRECISION_F32) {
  std::string file(64, '\0');
  std::memcpy(&file[0], "RNNCWGT1", 8);
  for (int b = 0; b < 8; ++b) {
    file[8 + b] = char((fingerprint >> (8 * b)) & 0xff);
    file[16 + b] = char((bytes >> (8 * b)) & 0xff);
    file[24 + b] = char((precision >> (8 * b)) & 0xff);
  }
  return file + payload;
}

std::string floats(float a, float b, float c, float d) {
  float values[4] = {a, b, c, d};
  return std::string(reinterpret_cast<const char *>(values), sizeof values);
}

class Weights : public ::testing::Test {
protected:
  void SetUp() override {
    char dir[] = "/tmp/rnnrt-weights-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    model_.reset(rnnrt_wrap(&vec_.desc, &err_));
    ASSERT_NE(model_, nullptr) << err_.message;
  }
  void TearDown() override {
    for (const std::string &file : files_)
      std::remove(file.c_str());
    rmdir(dir_.c_str());
  }

  std::string write(const std::string &name, const std::string &bytes) {
    std::string path = dir_ + "/" + name;
    FILE *f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    files_.push_back(path);
    return path;
  }

  // Runs on x = {1, 2, 3, 4}; y, or the error message.
  std::string run(float *y) {
    float x[4] = {1, 2, 3, 4};
    int64_t shape[1] = {4};
    rnnrt_tensor in = {RNNC_DTYPE_F32, 1, shape, x, sizeof x};
    rnnrt_tensor out = {RNNC_DTYPE_F32, 1, shape, y, 4 * sizeof(float)};
    if (rnnrt_run(model_.get(), &in, 1, &out, 1, &err_) != RNNRT_OK)
      return err_.message;
    return "";
  }

  std::string refused(const std::string &path, rnnrt_status status = RNNRT_ERR_WEIGHTS) {
    EXPECT_EQ(rnnrt_load_weights(model_.get(), path.c_str(), &err_), status);
    return err_.message;
  }

  VecModel vec_{RNNC_MODEL_EXTERNAL_WEIGHTS};
  Model model_{nullptr, &rnnrt_close};
  rnnrt_error err_;
  std::string dir_;
  std::vector<std::string> files_;
};

TEST_F(Weights, FlagsSayWhatTheModelTakes) {
  EXPECT_EQ(rnnrt_model_flags(model_.get()), RNNC_MODEL_EXTERNAL_WEIGHTS);
  EXPECT_EQ(rnnrt_model_flags(nullptr), 0u);
}

TEST_F(Weights, RunWithoutWeightsIsRefused) {
  float y[4];
  EXPECT_EQ(run(y), "model 'vec' takes its weights from a file (it was compiled with "
                    "--weights=external); load them with rnnrt_load_weights first");
  EXPECT_EQ(err_.status, RNNRT_ERR_WEIGHTS);
}

TEST_F(Weights, LoadedWeightsReachTheModel) {
  std::string path = write("w", weightsFile(kVecFingerprint, 16, floats(1, 10, 100, -1)));
  ASSERT_EQ(rnnrt_load_weights(model_.get(), path.c_str(), &err_), RNNRT_OK) << err_.message;
  float y[4];
  ASSERT_EQ(run(y), "");
  EXPECT_EQ(y[0], 1);
  EXPECT_EQ(y[1], 20);
  EXPECT_EQ(y[2], 300);
  EXPECT_EQ(y[3], -4);

  // A second file replaces the first; a bad one leaves the loaded weights in place.
  std::string other = write("v", weightsFile(kVecFingerprint, 16, floats(2, 2, 2, 2)));
  ASSERT_EQ(rnnrt_load_weights(model_.get(), other.c_str(), &err_), RNNRT_OK);
  refused(dir_ + "/missing");
  ASSERT_EQ(run(y), "");
  EXPECT_EQ(y[3], 8);
}

TEST_F(Weights, BadFilesAreRefusedWithTheirReason) {
  EXPECT_EQ(refused(dir_ + "/missing"),
            "cannot read weights file '" + dir_ + "/missing': No such file or directory");
  EXPECT_EQ(refused(dir_), "cannot read weights file '" + dir_ + "': it is a directory");
  std::string text = write("text", "not weights at all, but long enough to hold a header......");
  EXPECT_EQ(refused(text), "'" + text + "' is not a weights file written by rnnc");
  std::string shortFile = write("short", "RNNCWGT1");
  EXPECT_EQ(refused(shortFile), "'" + shortFile + "' is not a weights file written by rnnc");
  std::string other = write("other", weightsFile(0x42, 16, floats(1, 1, 1, 1)));
  EXPECT_EQ(refused(other), "'" + other +
                                "' holds the weights of another model: its layout fingerprint "
                                "is 0x0000000000000042 (16 bytes), model 'vec' expects "
                                "0x0123456789abcdef (16 bytes)");
  std::string bigger = write("bigger", weightsFile(kVecFingerprint, 32, floats(1, 1, 1, 1)));
  EXPECT_NE(refused(bigger).find("(32 bytes), model 'vec' expects 0x0123456789abcdef (16 "
                                 "bytes)"),
            std::string::npos);
  std::string truncated = write("truncated", weightsFile(kVecFingerprint, 16, "12345678"));
  EXPECT_EQ(refused(truncated), "'" + truncated +
                                    "' is truncated: its header announces 16 bytes of "
                                    "weights, the file holds 8");
  std::string longer = write("longer", weightsFile(kVecFingerprint, 16, floats(1, 1, 1, 1) + "x"));
  EXPECT_EQ(refused(longer), "'" + longer +
                                 "' is longer than its header says: its header announces 16 "
                                 "bytes of weights, the file holds 17");
  float y[4];
  EXPECT_NE(run(y), "") << "no weights were loaded";
}

// The precision a file's header states must be the model's: int8-dot's panels hold their
// rows in quads, so int8 and int8-dot files do not fit each other's models, while bf16-dot
// models take bf16 files (the state flag changes no stored byte).
TEST_F(Weights, EachPrecisionTakesItsOwnFile) {
  auto file = [&](const std::string &name, uint64_t precision) {
    return write(name, weightsFile(kVecFingerprint, 16, floats(1, 1, 1, 1), precision));
  };
  std::string f32 = file("f32", RNNC_WEIGHTS_PRECISION_F32);
  std::string bf16 = file("bf16", RNNC_WEIGHTS_PRECISION_BF16);
  std::string int8 = file("int8", RNNC_WEIGHTS_PRECISION_INT8);
  std::string int8Dot = file("int8-dot", RNNC_WEIGHTS_PRECISION_INT8_DOT);
  // The load's message, or "" when the file loads.
  auto load = [&](uint32_t flags, const std::string &path) -> std::string {
    VecModel vec(RNNC_MODEL_EXTERNAL_WEIGHTS | flags);
    Model model(rnnrt_wrap(&vec.desc, &err_), &rnnrt_close);
    if (!model)
      return std::string("not wrapped: ") + err_.message;
    return rnnrt_load_weights(model.get(), path.c_str(), &err_) == RNNRT_OK ? "" : err_.message;
  };
  auto holds = [](const std::string &path, const char *file, const char *model) {
    return "'" + path + "' holds " + file + " weights; model 'vec' was compiled for " + model +
           " weights (rnnc --weight-precision)";
  };
  const uint32_t int8Flags = RNNC_MODEL_WEIGHTS_INT8;
  const uint32_t int8DotFlags = RNNC_MODEL_WEIGHTS_INT8 | RNNC_MODEL_STATE_INT8;
  const uint32_t bf16DotFlags = RNNC_MODEL_WEIGHTS_BF16 | RNNC_MODEL_STATE_BF16;
  EXPECT_EQ(load(int8Flags, int8), "");
  EXPECT_EQ(load(int8DotFlags, int8Dot), "");
  EXPECT_EQ(load(bf16DotFlags, bf16), "");
  EXPECT_EQ(load(int8Flags, int8Dot), holds(int8Dot, "int8-dot", "int8"));
  EXPECT_EQ(load(int8DotFlags, int8), holds(int8, "int8", "int8-dot"));
  EXPECT_EQ(load(int8DotFlags, f32), holds(f32, "f32", "int8-dot"));
  EXPECT_EQ(load(0, int8Dot), holds(int8Dot, "int8-dot", "f32"));
  EXPECT_EQ(load(bf16DotFlags, int8Dot), holds(int8Dot, "int8-dot", "bf16"));
  std::string unknown = file("unknown", 4);
  EXPECT_EQ(load(int8DotFlags, unknown), holds(unknown, "an unknown", "int8-dot"));
}

TEST_F(Weights, BadArguments) {
  EXPECT_EQ(rnnrt_load_weights(nullptr, "w", &err_), RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "rnnrt_load_weights: model is NULL");
  EXPECT_EQ(rnnrt_load_weights(model_.get(), nullptr, &err_), RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err_.message, "rnnrt_load_weights: path is NULL");
}

TEST(WeightsBuiltIn, ModelWithBuiltInWeightsTakesNoFile) {
  VecModel vec(0);
  rnnrt_error err;
  Model model(rnnrt_wrap(&vec.desc, &err), &rnnrt_close);
  ASSERT_NE(model, nullptr) << err.message;
  EXPECT_EQ(rnnrt_load_weights(model.get(), "/dev/null", &err), RNNRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(err.message, "model 'vec' has its weights built in (it was not compiled with "
                            "--weights=external); it takes no weights file");
}

} // namespace
