/* The weights of the models the C end-to-end tests compile, repeated from their .mlir files
 * (Inputs/enc.mlir, Inputs/tagger.mlir, Inputs/dyn.mlir, examples/seed/seed.mlir) for the
 * float64 reference in reference.h. Row-major, Keras layout: wx (in, units), wh (units, units). */
#ifndef RNNC_TEST_WEIGHTS_H
#define RNNC_TEST_WEIGHTS_H

/* examples/seed/seed.mlir: in 4, units 8. */
static const float SEED_WX[32] = {0.12f,  -0.31f, 0.05f,  0.27f,  -0.18f, 0.09f,  0.33f,  -0.02f,
                                  -0.25f, 0.14f,  0.21f,  -0.07f, 0.30f,  -0.11f, 0.04f,  0.19f,
                                  0.08f,  0.22f,  -0.29f, 0.16f,  0.03f,  0.26f,  -0.13f, -0.24f,
                                  0.31f,  -0.06f, 0.11f,  -0.20f, 0.15f,  -0.28f, 0.23f,  0.07f};
static const float SEED_WH[64] = {
    0.10f,  -0.04f, 0.07f,  0.02f,  -0.09f, 0.05f,  0.03f,  -0.06f, 0.03f,  0.11f,  -0.05f,
    0.08f,  0.01f,  -0.07f, 0.04f,  0.02f,  -0.06f, 0.02f,  0.12f,  -0.03f, 0.05f,  0.04f,
    -0.08f, 0.01f,  0.04f,  -0.07f, 0.01f,  0.09f,  -0.02f, 0.06f,  0.05f,  -0.03f, 0.02f,
    0.05f,  -0.04f, 0.03f,  0.13f,  -0.01f, 0.07f,  0.06f,  -0.05f, 0.01f,  0.06f,  -0.08f,
    0.04f,  0.10f,  -0.02f, 0.03f,  0.07f,  -0.03f, 0.02f,  0.05f,  -0.06f, 0.03f,  0.11f,
    -0.04f, 0.01f,  0.06f,  -0.07f, 0.04f,  0.03f,  -0.05f, 0.02f,  0.09f};
static const float SEED_B[8] = {0.01f, -0.02f, 0.03f, 0.00f, -0.01f, 0.02f, -0.03f, 0.05f};

/* Inputs/enc.mlir: in 3, units 6. */
static const float ENC_WX[18] = {0.356f,  0.390f,  0.239f,  -0.023f, -0.275f, -0.397f,
                                 -0.140f, -0.349f, -0.393f, -0.253f, 0.007f,  0.263f,
                                 -0.150f, 0.125f,  0.340f,  0.396f,  0.265f,  0.010f};
static const float ENC_WH[36] = {
    0.223f,  -0.172f, 0.101f,  -0.019f, -0.066f, 0.143f,  0.227f,  -0.249f, 0.242f,
    -0.207f, 0.148f,  -0.072f, 0.060f,  -0.138f, 0.200f,  -0.239f, 0.250f,  -0.232f,
    -0.153f, 0.078f,  0.006f,  -0.090f, 0.163f,  -0.217f, -0.250f, 0.234f,  -0.192f,
    0.127f,  -0.048f, -0.037f, -0.158f, 0.214f,  -0.245f, 0.248f,  -0.222f, 0.170f};
static const float ENC_B[6] = {0.023f, -0.029f, -0.049f, -0.015f, 0.035f, 0.048f};

/* Inputs/tagger.mlir: in 5, units 4. */
static const float TAGGER_WX[20] = {0.364f, 0.171f, -0.102f, -0.327f, -0.333f, -0.112f, 0.162f,
                                    0.359f, 0.294f, 0.050f,  -0.218f, -0.383f, -0.247f, 0.013f,
                                    0.268f, 0.396f, 0.195f,  -0.076f, -0.311f, -0.400f};
static const float TAGGER_WH[16] = {0.227f,  -0.138f, 0.006f,  0.127f, 0.060f,  0.078f,
                                    -0.192f, 0.248f,  -0.153f, 0.234f, -0.245f, 0.181f,
                                    -0.250f, 0.214f,  -0.112f, -0.023f};
static const float TAGGER_B[4] = {-0.021f, -0.050f, -0.025f, 0.028f};

/* Inputs/dyn.mlir: in 4, units 5. */
static const float DYN_WX[20] = {0.118f,  0.337f,  0.397f,  0.270f,  0.017f,  0.379f,  0.206f,
                                 -0.063f, -0.303f, -0.400f, -0.140f, -0.349f, -0.393f, -0.253f,
                                 0.007f,  -0.370f, -0.186f, 0.086f,  0.317f,  0.400f};
static const float DYN_WH[25] = {0.074f,  0.186f, -0.229f, 0.004f, 0.226f,  0.233f,  -0.015f,
                                 -0.221f, 0.198f, 0.056f,  0.216f, -0.205f, -0.046f, 0.242f,
                                 -0.156f, 0.035f, -0.240f, 0.164f, 0.103f,  -0.250f, -0.172f,
                                 -0.093f, 0.250f, -0.114f, -0.155f};
static const float DYN_B[5] = {0.048f, 0.008f, -0.040f, -0.045f, -0.001f};

#endif /* RNNC_TEST_WEIGHTS_H */
