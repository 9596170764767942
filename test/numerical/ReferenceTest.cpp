// Tests of the reference itself (not of the compiler): against values PyTorch 1.13 computed
// in float64, and against small cases worked out by hand for what PyTorch lacks (masks,
// length 0, clip, the parameterised activations). Literals are fine here: they test the
// oracle that every other numerical test trusts.
#include "reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace rnnref;

namespace {

Tensor tensor(std::vector<int64_t> shape, std::vector<double> data) {
  Tensor t(std::move(shape));
  EXPECT_EQ(int64_t(data.size()), t.numel());
  t.data = std::move(data);
  return t;
}

void expectNear(const std::vector<double> &got, const std::vector<double> &expected,
                double tolerance = 1e-14) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], tolerance) << "at flat index " << i;
}

// The PyTorch case, in PyTorch's layout (weight (H, I), two biases), converted here to
// Keras' the same way every frontend does: kernel = W_ih^T, recurrent = W_hh^T,
// bias = b_ih + b_hh. Regenerate with (torch 1.13, torch.set_default_dtype(float64)):
//   r = nn.RNN(2, 3, batch_first=True, bidirectional=...) with the weights below;
//   r(x, h0) / r(x.flip(1)) / r(pack_padded_sequence(x, [3, 2], batch_first=True,
//   enforce_sorted=False)) and F.elu / F.selu / F.softplus / ... at xs.
struct TorchCase {
  static LayerParams keras(std::vector<double> wih, std::vector<double> whh,
                           std::vector<double> bih, std::vector<double> bhh) {
    LayerParams p;
    p.kernel = Tensor({2, 3});
    p.recurrent = Tensor({3, 3});
    p.bias = Tensor({3});
    for (int h = 0; h < 3; ++h) {
      for (int i = 0; i < 2; ++i)
        p.kernel(i, h) = wih[h * 2 + i];
      for (int k = 0; k < 3; ++k)
        p.recurrent(k, h) = whh[h * 3 + k];
      p.bias->data[h] = bih[h] + bhh[h];
    }
    return p;
  }
  LayerParams forward =
      keras({0.5, -0.3, 0.2, 0.8, -0.6, 0.1}, {0.1, -0.2, 0.3, 0.4, 0.0, -0.5, -0.3, 0.2, 0.1},
            {0.05, -0.1, 0.2}, {0.01, 0.02, -0.03});
  LayerParams backward =
      keras({-0.4, 0.7, 0.3, -0.2, 0.9, 0.5}, {0.2, 0.1, -0.1, -0.3, 0.3, 0.2, 0.0, -0.4, 0.25},
            {-0.05, 0.15, 0.0}, {0.02, -0.01, 0.04});
  Tensor x = tensor({2, 3, 2}, {1.0, -0.5, 0.3, 0.9, -1.2, 0.4, 0.0, 0.6, -0.7, -0.2, 0.5, 0.5});
  Tensor h0 = tensor({2, 3}, {0.1, -0.2, 0.3, -0.4, 0.5, 0.0});
};

const Activation kTanh{ActivationKind::Tanh};

TEST(ReferenceVsTorch, ForwardTanhWithInitialState) {
  TorchCase c;
  c.forward.initialState = c.h0;
  LayerOutputs r = simpleRNN(c.x, c.forward, kTanh, Direction::Forward);
  expectNear(r.sequence.data,
             {0.69106946983293061, -0.37136022787650769, -0.477700012168498, -0.059859362102223056,
              0.83825568058169231, -0.24431967403535321, -0.71965692075026855, 0.097901495416136422,
              0.79730732081709044, -0.25429553262639115, 0.23549574953849792, 0.42189900525000795,
              -0.17416522458971609, -0.59969305419567387, 0.62646588145279014, 0.42227857484443349,
              0.03708395586716081, -0.084838031445647971});
  expectNear(r.last.data, {-0.71965692075026855, 0.097901495416136422, 0.79730732081709044,
                           0.42227857484443349, 0.03708395586716081, -0.084838031445647971});
}

TEST(ReferenceVsTorch, ForwardRelu) {
  TorchCase c;
  LayerOutputs r = simpleRNN(c.x, c.forward, {ActivationKind::Relu}, Direction::Forward);
  expectNear(r.sequence.data,
             {0.71000000000000008, 0, 0, 0.010999999999999982, 0.9840000000000001, 0, 0,
              0.0044000000000000601, 1.1234999999999999, 0, 0.40000000000000002,
              0.23000000000000001, 0, 0, 0.67300000000000004, 0.3619, 0.083500000000000019, 0});
  expectNear(r.last.data,
             {0, 0.0044000000000000601, 1.1234999999999999, 0.3619, 0.083500000000000019, 0});
}

// torch's bidirectional output is concat(forward, backward) with the backward half flipped
// back to input time; h_n[1] is the backward state after the whole sequence.
TEST(ReferenceVsTorch, BidirectionalConcat) {
  TorchCase c;
  BidirectionalOutputs r =
      bidirectional(c.x, c.forward, c.backward, kTanh, kTanh, MergeMode::Concat);
  ASSERT_EQ(r.sequences.size(), 1u);
  EXPECT_EQ(r.sequences[0].shape, (std::vector<int64_t>{2, 3, 6}));
  expectNear(
      r.sequences[0].data,
      {0.61067683281684426,   -0.27290508056313273, -0.44624361024877962,  -0.64218131938356782,
       0.36899905883780826,   0.75328207813916415,  -0.078065220159834428, 0.82343448377016859,
       -0.19968881784972214,  0.56765945943402762,  -0.34651276911665296,  0.60757780214072676,
       -0.71257714616868939,  0.068510827449427283, 0.79982904033375724,   0.62306534957236115,
       -0.29131261245159096,  -0.68580906222909455, -0.1194272985343859,   0.3799489622552249,
       0.22602835227867096,   0.44121611385883114,  -0.080453542464578476, 0.15672998480825331,
       -0.24503523632742499,  -0.49358202480637126, 0.607166349383638,     0.089505392993097121,
       0.11580284875240393,   -0.54258521149772798, 0.39386185826402009,   0.018400653632586847,
       -0.044459870019681304, 0.11942729853438586,  0.18774620586828539,   0.62914516141403543});
  // h_n = [forward (2, 3); backward (2, 3)]; ours is (batch, forward ++ backward).
  std::vector<double> fw = {-0.71257714616868939, 0.068510827449427283, 0.79982904033375724,
                            0.39386185826402009,  0.018400653632586847, -0.044459870019681304};
  std::vector<double> bw = {-0.64218131938356782, 0.36899905883780826,   0.75328207813916415,
                            0.44121611385883114,  -0.080453542464578476, 0.15672998480825331};
  expectNear(r.lasts[0].data,
             {fw[0], fw[1], fw[2], bw[0], bw[1], bw[2], fw[3], fw[4], fw[5], bw[3], bw[4], bw[5]});
}

// Keras' go_backwards is a forward pass over the flipped input, not flipped back.
TEST(ReferenceVsTorch, GoBackwardsIsForwardOverFlippedInput) {
  TorchCase c;
  LayerOutputs r = simpleRNN(c.x, c.forward, kTanh, Direction::GoBackwards);
  expectNear(r.sequence.data,
             {-0.57836341304450567, 6.591949208711867e-17, 0.73059389609594372, 0.10099631438187238,
              0.10299120246259161, 0.31543398184912164, 0.66074320612118076, -0.3776522025097046,
              -0.42858113439956608, 0.15864850429749894, 0.3969304320050776, -0.079829769111131349,
              -0.30721764449764827, -0.26977923502262907, 0.53262923307652421, 0.062939545095594282,
              0.010797905973517942, 0.31083763851899371});
  expectNear(r.last.data, {0.66074320612118076, -0.3776522025097046, -0.42858113439956608,
                           0.062939545095594282, 0.010797905973517942, 0.31083763851899371});
}

// A packed sequence is ONNX sequence_lens: zeros past the length, the backward half
// starting at each sequence's own last step, h_n the last valid state.
TEST(ReferenceVsTorch, BidirectionalWithLengths) {
  TorchCase c;
  SequenceControl control;
  control.lengths = std::vector<int64_t>{3, 2};
  BidirectionalOutputs r =
      bidirectional(c.x, c.forward, c.backward, kTanh, kTanh, MergeMode::None, control);
  ASSERT_EQ(r.sequences.size(), 2u);
  Tensor seq = merge(MergeMode::Concat, r.sequences[0], r.sequences[1]);
  expectNear(seq.data, {0.61067683281684426,
                        -0.27290508056313273,
                        -0.44624361024877962,
                        -0.64218131938356782,
                        0.36899905883780826,
                        0.75328207813916415,
                        -0.078065220159834428,
                        0.82343448377016859,
                        -0.19968881784972214,
                        0.56765945943402762,
                        -0.34651276911665296,
                        0.60757780214072676,
                        -0.71257714616868939,
                        0.068510827449427283,
                        0.79982904033375724,
                        0.62306534957236115,
                        -0.29131261245159096,
                        -0.68580906222909455,
                        -0.1194272985343859,
                        0.3799489622552249,
                        0.22602835227867096,
                        0.43715707201214965,
                        -0.14052512757914026,
                        0.1997776029322359,
                        -0.24503523632742499,
                        -0.49358202480637126,
                        0.607166349383638,
                        0.10955847021442952,
                        -0.029991003238820136,
                        -0.59798200049894124,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0});
  expectNear(r.lasts[0].data, {-0.71257714616868939, 0.068510827449427283, 0.79982904033375724,
                               -0.24503523632742499, -0.49358202480637126, 0.607166349383638});
  expectNear(r.lasts[1].data, {-0.64218131938356782, 0.36899905883780826, 0.75328207813916415,
                               0.43715707201214965, -0.14052512757914026, 0.1997776029322359});
}

TEST(ReferenceVsTorch, Activations) {
  const std::vector<double> xs = {-2.5, -0.3, 0.0, 0.4, 3.0};
  auto check = [&](Activation act, std::vector<double> expected) {
    std::vector<double> got;
    for (double v : xs)
      got.push_back(act(v));
    expectNear(got, expected);
  };
  check({ActivationKind::Sigmoid},
        {0.075858180021243546, 0.42555748318834102, 0.5, 0.598687660112452, 0.95257412682243336});
  check({ActivationKind::Elu, 0.7},
        {-0.64254050096327076, -0.18142724552279749, 0, 0.40000000000000002, 3});
  check({ActivationKind::Selu},
        {-1.6137857588732423, -0.45566731537912203, 0, 0.42028039494219221, 3.1521029620664414});
  check({ActivationKind::Softplus}, {0.078889734292549626, 0.55435524446852713, 0.69314718055994529,
                                     0.91301525239995263, 3.0485873515737421});
  check({ActivationKind::Softsign},
        {-0.7142857142857143, -0.23076923076923075, 0, 0.28571428571428575, 0.75});
  // torch's hardsigmoid is hard_sigmoid with alpha = 1/6, beta = 0.5.
  check({ActivationKind::HardSigmoid, 1.0 / 6.0, 0.5},
        {0.083333333333333329, 0.45000000000000001, 0.5, 0.56666666666666665, 1});
  check({ActivationKind::LeakyRelu, 0.01},
        {-0.025000000000000001, -0.0030000000000000001, 0, 0.40000000000000002, 3});
  check({ActivationKind::ThresholdedRelu, 0.35}, {0, 0, 0, 0.4, 3});
  check({ActivationKind::Affine, 2.0, -1.0}, {-6.0, -1.6, -1.0, -0.2, 5.0});
  check({ActivationKind::ScaledTanh, 1.5, 0.5}, {1.5 * std::tanh(-1.25), 1.5 * std::tanh(-0.15),
                                                 0.0, 1.5 * std::tanh(0.2), 1.5 * std::tanh(1.5)});
  check({ActivationKind::Linear}, xs);
  check({ActivationKind::Relu}, {0, 0, 0, 0.4, 3});
}

// Hand-worked cases: one unit, one feature, kernel 1, recurrent 0.5, linear activation,
// x = 1, 2, 3, 4, so h_t = x_t + 0.5 h_{t-1} can be followed on paper.
struct HandCase {
  LayerParams p;
  Tensor x = tensor({1, 4, 1}, {1, 2, 3, 4});
  HandCase() {
    p.kernel = tensor({1, 1}, {1.0});
    p.recurrent = tensor({1, 1}, {0.5});
    p.initialState = tensor({1, 1}, {1.0});
  }
  LayerOutputs run(Direction d, const SequenceControl &c) {
    return simpleRNN(x, p, {ActivationKind::Linear}, d, c);
  }
};

SequenceControl withMask(std::vector<bool> mask) {
  SequenceControl c;
  c.mask = std::move(mask);
  return c;
}
SequenceControl withLengths(std::vector<int64_t> lengths) {
  SequenceControl c;
  c.lengths = std::move(lengths);
  return c;
}

TEST(ReferenceByHand, MaskCarriesStateAndOutput) {
  HandCase c;
  // Step 0 masked: the state stays h0 = 1 but the output is 0 (no kept step yet).
  LayerOutputs r = c.run(Direction::Forward, withMask({false, true, false, true}));
  expectNear(r.sequence.data, {0, 2.5, 2.5, 5.25});
  expectNear(r.last.data, {5.25});
  // Reverse reads t = 3, (2 masked), 1, (0 masked); outputs sit at input time.
  r = c.run(Direction::Reverse, withMask({false, true, false, true}));
  expectNear(r.sequence.data, {4.25, 4.25, 4.5, 4.5});
  expectNear(r.last.data, {4.25});
  // go_backwards: the same states in processing order.
  r = c.run(Direction::GoBackwards, withMask({false, true, false, true}));
  expectNear(r.sequence.data, {4.5, 4.5, 4.25, 4.25});
  // Reverse with its first processed step (t = 3) masked: zero output there.
  r = c.run(Direction::Reverse, withMask({true, false, true, false}));
  expectNear(r.sequence.data, {2.75, 3.5, 3.5, 0});
  expectNear(r.last.data, {2.75});
}

TEST(ReferenceByHand, LengthsAndClip) {
  HandCase c;
  LayerOutputs r = c.run(Direction::Forward, withLengths({2}));
  expectNear(r.sequence.data, {1.5, 2.75, 0, 0});
  expectNear(r.last.data, {2.75});
  // Reverse starts at the sequence's own last step, t = 1.
  r = c.run(Direction::Reverse, withLengths({2}));
  expectNear(r.sequence.data, {2.25, 2.5, 0, 0});
  expectNear(r.last.data, {2.25});
  // Length 0: nothing runs; the state is the initial state, the outputs zero.
  r = c.run(Direction::Reverse, withLengths({0}));
  expectNear(r.sequence.data, {0, 0, 0, 0});
  expectNear(r.last.data, {1.0});
  SequenceControl clip;
  clip.clip = 2.0;
  r = c.run(Direction::Forward, clip);
  expectNear(r.sequence.data, {1.5, 2.0, 2.0, 2.0});
}

TEST(ReferenceByHand, MergeModes) {
  Tensor a = tensor({1, 2}, {1, -2}), b = tensor({1, 2}, {3, 4});
  expectNear(merge(MergeMode::Concat, a, b).data, {1, -2, 3, 4});
  expectNear(merge(MergeMode::Sum, a, b).data, {4, 2});
  expectNear(merge(MergeMode::Mul, a, b).data, {3, -8});
  expectNear(merge(MergeMode::Ave, a, b).data, {2, 1});
}

TEST(ReferenceByHand, FeatureMask) {
  Tensor x = tensor({1, 3, 2}, {0, 0, 0, 1, -1, 0});
  EXPECT_EQ(featureMask(x, 0.0), (std::vector<bool>{false, true, true}));
}

} // namespace
