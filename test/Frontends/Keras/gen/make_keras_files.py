#!/usr/bin/python3
"""Writes test/Frontends/Keras/Inputs: Keras models in every version's on-disk layout
(keras_files.py), their inputs (<case>.x.npy) and float64 expected outputs
(<case>.expected.npy, or .expected0.npy, .expected1.npy, ... for several outputs)
computed by reference.py, plus the broken files the diagnostics tests read (bad_*).

Run with Debian's python (h5py, numpy; torch, where installed, cross-checks the SimpleRNN
reference): /usr/bin/python3 make_keras_files.py
Weights and inputs come from fixed seeds, so the files are the same on every run; an
expected output is rewritten only when it moves by more than rounding (1e-12).
"""
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keras_files import (LBidirectional, LDense, LEmbedding, LGated, LInput, LRaw,  # noqa: E402
                         LSimple, LSimpleRNN, LTimeDistributed, Model, model_config,
                         write_json_and_weights, write_keras_archive, write_legacy_h5)
import reference  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Inputs")
rng = np.random.default_rng(20240501)


def W(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def rnn(name, features, units, bias=True, scale=0.6, rscale=0.4, **kw):
    return LSimpleRNN(name, W(features, units, scale=scale), W(units, units, scale=rscale),
                      W(units, scale=0.2) if bias else None, **kw)


def bidi(name, features, units, merge_mode="concat", return_sequences=False,
         backward_units=None, backward_activation="tanh", explicit_backward=False,
         return_state=False):
    fw = rnn(name, features, units, return_sequences=return_sequences,
             return_state=return_state)
    bw = rnn(name, features, backward_units or units, activation=backward_activation,
             return_sequences=return_sequences, go_backwards=True,
             return_state=return_state)
    return LBidirectional(name, fw, bw, merge_mode, explicit_backward)


def dense(name, n_in, n_out, activation="linear", bias=True):
    return LDense(name, W(n_in, n_out), W(n_out, scale=0.2) if bias else None, activation)


def floats(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def path(name):
    return os.path.join(OUT, name)


def save_npy(file, array):
    """np.save, unless the file already holds the same values up to rounding."""
    if os.path.exists(file):
        old = np.load(file)
        if (old.shape == array.shape and old.dtype == array.dtype and
                np.allclose(old, array, rtol=0, atol=1e-12)):
            return
    np.save(file, array)


def save_case(name, model, v, x, fmt, **writer_args):
    """Writes the model file in `fmt` (h5, keras or json), its input and outputs."""
    if fmt == "h5":
        write_legacy_h5(path(name + ".h5"), model, v, **writer_args)
    elif fmt == "keras":
        write_keras_archive(path(name + ".keras"), model, **writer_args)
    elif fmt == "json":
        weights = name + (".weights.h5" if v == 3 else ".w.h5")
        write_json_and_weights(path(name + ".json"), path(weights), model, v)
    else:
        raise ValueError(fmt)
    save_npy(path(name + ".x.npy"), x)
    outputs = reference.run_model(model, x, v)
    if len(outputs) == 1:
        save_npy(path(name + ".expected.npy"), outputs[0])
    else:
        for i, y in enumerate(outputs):
            save_npy(path("%s.expected%d.npy" % (name, i)), y)


def seq_model(input_shape, *layers, dtype="float32", name="input_layer"):
    return Model([LInput(name, input_shape, dtype)] + list(layers))


SENTIMENT_IDS = np.array([[0, 0, 0, 0, 5, 3, 9, 2, 7, 1],     # padded at the front
                          [0, 0, 0, 0, 0, 0, 0, 4, 8, 6],
                          [3, 7, 0, 2, 9, 5, 1, 8, 2, 4],     # a masked step inside
                          [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],    # nothing but padding
                         dtype=np.int32)
TAGGER_IDS = np.array([[3, 5, 7, 2, 0, 0],                    # padded at the end
                       [1, 2, 3, 4, 5, 6],
                       [8, 0, 0, 0, 0, 0],
                       [4, 0, 6, 7, 0, 0]], dtype=np.int32)


def write_cases():
    # --- Keras 2 legacy HDF5 -------------------------------------------------------------
    save_case("k2_simple_seq", seq_model([None, 6, 3],
              rnn("simple_rnn", 3, 8, return_sequences=True), name="simple_rnn_input"),
              2, floats(3, 6, 3), "h5")
    save_case("k2_simple_last_nobias", seq_model([None, 7, 4],
              rnn("simple_rnn_2", 4, 5, bias=False)),
              2, floats(2, 7, 4), "h5", input_in_config=False)
    save_case("k2_stacked", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 6, return_sequences=True),
              rnn("simple_rnn_1", 6, 5, return_sequences=True),
              rnn("simple_rnn_2", 5, 4),
              dense("dense", 4, 3)), 2, floats(2, 5, 3), "h5")
    save_case("k2_go_backwards_seq", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 6, return_sequences=True, go_backwards=True)),
              2, floats(2, 5, 3), "h5")
    save_case("k2_activations", seq_model([None, 6, 4],
              rnn("relu_rnn", 4, 5, scale=1.0, return_sequences=True, activation="relu"),
              rnn("sigmoid_rnn", 5, 5, scale=1.0, return_sequences=True,
                  activation="sigmoid"),
              rnn("linear_rnn", 5, 4, scale=1.0, rscale=0.3, return_sequences=True,
                  activation="linear"),
              rnn("hard_sigmoid_rnn", 4, 4, scale=1.5, return_sequences=True,
                  activation="hard_sigmoid")), 2, floats(3, 6, 4), "h5")
    save_case("k2_bidi_concat_seq", seq_model([None, 5, 3],
              bidi("bidirectional", 3, 4, "concat", return_sequences=True)),
              2, floats(2, 5, 3), "h5")
    # No InputLayer, and the input shape on the wrapped layer: Bidirectional(SimpleRNN(
    # ..., input_shape=(6, 3))) in an older Keras 2.
    model = seq_model([None, 6, 3], bidi("bidirectional", 3, 5, "sum"))
    config = model_config(model, 2, input_in_config=False)
    wrapper = config["config"]["layers"][0]["config"]
    wrapper["layer"]["config"]["batch_input_shape"] = wrapper.pop("batch_input_shape")
    save_case("k2_bidi_sum_last", model, 2, floats(3, 6, 3), "h5", config_override=config)
    save_case("k2_bidi_none_last", seq_model([None, 5, 4],
              bidi("bidirectional", 4, 3, None)), 2, floats(2, 5, 4), "h5")
    save_case("k2_sentiment", seq_model([None, 10],
              LEmbedding("embedding", W(40, 8), mask_zero=True, input_length=10),
              rnn("simple_rnn", 8, 6), dense("dense", 6, 1, "sigmoid")),
              2, SENTIMENT_IDS, "h5", input_in_config=False)
    save_case("k2_tagger", seq_model([None, None],
              LEmbedding("embedding", W(12, 6), mask_zero=True),
              bidi("bidirectional", 6, 5, "concat", return_sequences=True),
              LTimeDistributed("time_distributed", dense("dense", 10, 4, "softmax")),
              name="tokens"), 2, TAGGER_IDS, "h5")
    save_case("k2_one_to_many", Model([
        LInput("input_1", [None, 4]),
        dense("encode", 4, 6, "relu"),
        LSimple("RepeatVector", "repeat_vector", n=5),
        rnn("decoder", 6, 7, return_sequences=True),
        LTimeDistributed("time_distributed", dense("dense", 7, 3))], functional=True),
        2, floats(3, 4), "h5")
    x = floats(3, 7, 3)
    x[0, :2] = 0.0   # masked at the front,
    x[1, 3] = 0.0    # in the middle,
    x[2, 6] = 0.0    # and at the end
    save_case("k2_masking", seq_model([None, 7, 3],
              LSimple("Masking", "masking", mask_value=0.0),
              rnn("simple_rnn", 3, 5, return_sequences=True),
              rnn("simple_rnn_1", 5, 4)), 2, x, "h5")
    save_case("k2_flatten", seq_model([2, 5, 3],
              rnn("simple_rnn", 3, 4, return_sequences=True),
              LSimple("Flatten", "flatten", data_format="channels_last"),
              dense("dense", 20, 3, "softmax")), 2, floats(2, 5, 3), "h5")
    save_case("k2_flatten_dynamic", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 4, return_sequences=True),
              LSimple("Flatten", "flatten", data_format="channels_last"),
              dense("dense", 20, 3)), 2, floats(2, 5, 3), "h5")
    save_case("k2_return_state", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 5, return_sequences=True, return_state=True)),
              2, floats(2, 5, 3), "h5")
    save_case("k2_softmax_layers", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 6, return_sequences=True),
              dense("dense", 6, 5),
              LSimple("Activation", "activation", activation="tanh"),
              LSimple("Softmax", "softmax", axis=-1)), 2, floats(2, 5, 3), "h5")
    save_case("k2_json_bidi_ave_seq", seq_model([None, 6, 3],
              bidi("bidirectional", 3, 4, "ave", return_sequences=True),
              LSimple("Dropout", "dropout", rate=0.5, noise_shape=None, seed=None),
              LTimeDistributed("time_distributed", dense("dense", 4, 2, "sigmoid"))),
              2, floats(2, 6, 3), "json")

    # --- Keras 1 legacy HDF5 -------------------------------------------------------------
    save_case("k1_simple", seq_model([None, 6, 3],
              rnn("simplernn_1", 3, 6, return_sequences=True),
              LTimeDistributed("timedistributed_1", dense("dense_1", 6, 2))),
              1, floats(2, 6, 3), "h5")
    save_case("k1_bidi_mul_seq", seq_model([None, 5, 3],
              bidi("bidirectional_1", 3, 5, "mul", return_sequences=True)),
              1, floats(2, 5, 3), "h5")
    save_case("k1_sentiment", seq_model([None, 10],
              LEmbedding("embedding_1", W(20, 5), mask_zero=True, input_length=10),
              rnn("simplernn_1", 5, 4), dense("dense_1", 4, 1, "sigmoid")),
              1, SENTIMENT_IDS, "h5")

    # --- Keras 3 legacy HDF5 -------------------------------------------------------------
    save_case("k3h5_bidi_mul_last", seq_model([None, 5, 3],
              bidi("bidirectional", 3, 5, "mul"), dense("dense", 5, 2)),
              3, floats(2, 5, 3), "h5")
    save_case("k3h5_hard_sigmoid", seq_model([None, 6, 4],
              rnn("simple_rnn", 4, 5, scale=1.5, return_sequences=True,
                  activation="hard_sigmoid")), 3, floats(2, 6, 4), "h5")

    # --- Keras 3 .keras archives ---------------------------------------------------------
    save_case("k3_simple_seq", seq_model([None, 6, 3],
              rnn("simple_rnn", 3, 8, return_sequences=True)),
              3, floats(3, 6, 3), "keras")
    save_case("k3_bidi_concat_last", seq_model([None, 6, 3],
              bidi("bidirectional", 3, 4, "concat")), 3, floats(2, 6, 3), "keras",
              compress=True)
    save_case("k3_bidi_sum_seq", seq_model([None, 5, 4],
              bidi("bidirectional", 4, 5, "sum", return_sequences=True)),
              3, floats(2, 5, 4), "keras")
    save_case("k3_bidi_ave_last", seq_model([None, 6, 3],
              bidi("bidirectional", 3, 4, "ave")), 3, floats(2, 6, 3), "keras")
    save_case("k3_bidi_none_seq", seq_model([None, 5, 3],
              bidi("bidirectional", 3, 4, None, return_sequences=True)),
              3, floats(2, 5, 3), "keras")
    save_case("k3_bidi_backward_layer", seq_model([None, 5, 3],
              bidi("bidirectional", 3, 4, "concat", return_sequences=True,
                   backward_units=3, backward_activation="relu")),
              3, floats(2, 5, 3), "keras")
    save_case("k3_bidi_return_state", seq_model([None, 5, 3],
              bidi("bidirectional", 3, 4, "sum", return_state=True)),
              3, floats(2, 5, 3), "keras")
    save_case("k3_go_backwards_last", seq_model([None, 6, 3],
              rnn("simple_rnn", 3, 5, go_backwards=True)), 3, floats(2, 6, 3), "keras")
    save_case("k3_activations", seq_model([None, 6, 4],
              rnn("simple_rnn", 4, 5, scale=1.5, return_sequences=True,
                  activation="hard_sigmoid"),
              rnn("simple_rnn_1", 5, 5, scale=1.0, return_sequences=True,
                  activation="elu"),
              rnn("simple_rnn_2", 5, 5, scale=0.8, return_sequences=True,
                  activation="selu"),
              rnn("simple_rnn_3", 5, 4, scale=0.8, return_sequences=True,
                  activation="softplus"),
              rnn("simple_rnn_4", 4, 4, scale=1.0, return_sequences=True,
                  activation="softsign")), 3, floats(3, 6, 4), "keras")
    save_case("k3_sentiment", seq_model([None, 10],
              LEmbedding("embedding", W(30, 8), mask_zero=True),
              rnn("simple_rnn", 8, 6), dense("dense", 6, 1, "sigmoid")),
              3, SENTIMENT_IDS, "keras")
    save_case("k3_tagger", seq_model([None, 6],
              LEmbedding("embedding", W(12, 6), mask_zero=True),
              bidi("bidirectional", 6, 5, "concat", return_sequences=True),
              LTimeDistributed("time_distributed", dense("dense", 10, 4, "softmax"))),
              3, TAGGER_IDS, "keras")
    save_case("k3_one_to_many", seq_model([None, 4],
              dense("dense", 4, 6, "relu"),
              LSimple("RepeatVector", "repeat_vector", n=5),
              rnn("simple_rnn", 6, 7, return_sequences=True),
              LTimeDistributed("time_distributed", dense("dense_1", 7, 3))),
              3, floats(2, 4), "keras")
    save_case("k3_dropout", seq_model([None, 5, 3],
              LSimple("Dropout", "dropout", rate=0.2, seed=None, noise_shape=None),
              rnn("simple_rnn", 3, 5, return_sequences=True),
              LSimple("SpatialDropout1D", "spatial_dropout1d", rate=0.3, seed=None),
              LSimple("GaussianNoise", "gaussian_noise", stddev=0.1, seed=None),
              rnn("simple_rnn_1", 5, 4),
              LSimple("Dropout", "dropout_1", rate=0.2, seed=None, noise_shape=None),
              dense("dense", 4, 2)), 3, floats(2, 5, 3), "keras")
    save_case("k3_dynamic_time", seq_model([None, None, 4],
              rnn("simple_rnn", 4, 6, return_sequences=True),
              dense("dense", 6, 2)), 3, floats(2, 9, 4), "keras")
    save_case("k3_functional", Model([
        LInput("input_layer", [None, 5, 3]),
        rnn("encoder", 3, 6, return_sequences=True, return_state=True)],
        functional=True, outputs=[("encoder", 0), ("encoder", 1)]),
        3, floats(2, 5, 3), "keras")
    # Layer names that drifted from their class (a model built twice in one session):
    # Keras 3 still files the weights under layers/simple_rnn, layers/simple_rnn_1.
    save_case("k3_drifted_names", seq_model([None, 5, 3],
              rnn("simple_rnn_7", 3, 5, return_sequences=True),
              rnn("encoder", 5, 4), dense("head", 4, 2)), 3, floats(2, 5, 3), "keras")
    save_case("k3_exp_softmax", seq_model([None, 5, 3],
              rnn("simple_rnn", 3, 6), dense("dense", 6, 4, "exponential"),
              LSimple("Activation", "activation", activation="softmax")),
              3, floats(2, 5, 3), "keras")
    save_case("k3_json", seq_model([None, 6, 3],
              rnn("simple_rnn", 3, 5, return_sequences=True), rnn("simple_rnn_1", 5, 3)),
              3, floats(2, 6, 3), "json")


# --- LSTM and GRU ----------------------------------------------------------------------
# Weights scaled as Keras initializes them (glorot-uniform kernels, orthogonal recurrent
# blocks), small random biases, from their own seed.
grng = np.random.default_rng(20240601)


def glorot(fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return grng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def orthogonal_blocks(units, gates):
    blocks = [np.linalg.qr(grng.standard_normal((units, units)))[0] for _ in range(gates)]
    return np.hstack(blocks).astype(np.float32)


def small(*shape):
    return grng.uniform(-0.2, 0.2, shape).astype(np.float32)


def gated(cls, name, features, units, bias=True, reset_after=False, **kw):
    """An LSTM / GRU / CuDNNLSTM / CuDNNGRU layer with Keras-like random weights."""
    gates = 4 if "LSTM" in cls else 3
    kernel = glorot(features, gates * units)
    recurrent = orthogonal_blocks(units, gates)
    b, biases = None, None
    if cls == "CuDNNLSTM":
        biases = (small(4 * units), small(4 * units))
        b = biases[0] + biases[1]
    elif bias and (reset_after or cls == "CuDNNGRU"):
        b = small(2, 3 * units)
    elif bias:
        b = small(gates * units)
    return LGated(cls, name, kernel, recurrent, b, reset_after=reset_after,
                  cudnn_biases=biases, **kw)


def bidi_gated(cls, name, features, units, merge_mode="concat", return_sequences=False,
               return_state=False, **kw):
    halves = [gated(cls, name, features, units, return_sequences=return_sequences,
                    return_state=return_state, go_backwards=back, **kw)
              for back in (False, True)]
    return LBidirectional(name, halves[0], halves[1], merge_mode)


def gfloats(*shape):
    return grng.standard_normal(shape).astype(np.float32)


def gdense(name, n_in, n_out, activation="linear"):
    return LDense(name, glorot(n_in, n_out), small(n_out), activation)


def masked_features(batch, steps, features):
    x = gfloats(batch, steps, features)
    x[0, :2] = 0.0           # masked at the front,
    x[1, 3] = 0.0            # in the middle,
    x[-1, steps - 1] = 0.0   # and at the end
    return x


def write_gated_cases():
    hs = "hard_sigmoid"
    # --- Keras 1.2: per-gate arrays, inner_activation hard_sigmoid (clip(0.2x + 0.5))
    save_case("k1_lstm_seq", seq_model([None, 6, 3],
              gated("LSTM", "lstm_1", 3, 5, recurrent_activation=hs, return_sequences=True),
              LTimeDistributed("timedistributed_1", gdense("dense_1", 5, 2))),
              1, gfloats(2, 6, 3), "h5")
    save_case("k1_gru_last", seq_model([None, 7, 4],
              gated("GRU", "gru_1", 4, 6, recurrent_activation=hs)),
              1, gfloats(3, 7, 4), "h5")
    save_case("k1_gru_concatenated", seq_model([None, 5, 3],
              gated("GRU", "gru_1", 3, 4, recurrent_activation=hs, per_gate=False,
                    return_sequences=True)), 1, gfloats(2, 5, 3), "h5")
    save_case("k1_bidi_lstm_concat_seq", seq_model([None, 5, 3],
              bidi_gated("LSTM", "bidirectional_1", 3, 4, "concat", return_sequences=True,
                         recurrent_activation=hs)), 1, gfloats(2, 5, 3), "h5")
    save_case("k1_lstm_sentiment", seq_model([None, 10],
              LEmbedding("embedding_1", small(20, 5) * 5, mask_zero=True, input_length=10),
              gated("LSTM", "lstm_1", 5, 4, recurrent_activation=hs),
              gdense("dense_1", 4, 1, "sigmoid")), 1, SENTIMENT_IDS, "h5")

    # --- Keras 2 (tf.keras names: lstm/lstm_cell/kernel:0) -----------------------------
    save_case("k2_lstm_hard_sigmoid", seq_model([None, 6, 4],
              gated("LSTM", "lstm", 4, 5, recurrent_activation=hs, return_sequences=True)),
              2, gfloats(3, 6, 4), "h5")
    save_case("k2_gru_reset_after", seq_model([None, 6, 3],
              gated("GRU", "gru", 3, 5, reset_after=True, return_sequences=True)),
              2, gfloats(2, 6, 3), "h5")
    save_case("k2_gru_reset_before", seq_model([None, 6, 3],
              gated("GRU", "gru", 3, 5, reset_after=False, recurrent_activation=hs)),
              2, gfloats(2, 6, 3), "h5")
    save_case("k2_lstm_nobias", seq_model([None, 5, 3],
              gated("LSTM", "lstm", 3, 4, bias=False, return_sequences=True),
              gated("GRU", "gru", 4, 3, bias=False, reset_after=True)),
              2, gfloats(2, 5, 3), "h5")
    save_case("k2_cudnn_lstm", seq_model([None, 6, 3],
              gated("CuDNNLSTM", "cu_dnnlstm_1", 3, 5, return_sequences=True),
              gated("CuDNNLSTM", "cu_dnnlstm_2", 5, 4)), 2, gfloats(2, 6, 3), "h5")
    save_case("k2_cudnn_gru", seq_model([None, 6, 3],
              gated("CuDNNGRU", "cu_dnngru_1", 3, 5, return_sequences=True),
              gated("CuDNNGRU", "cu_dnngru_2", 5, 4)), 2, gfloats(2, 6, 3), "h5")
    for cls, name, units in (("LSTM", "lstm", 4), ("GRU", "gru", 5)):
        for mode, rs in (("concat", True), ("sum", False), ("mul", True), ("ave", False),
                         (None, True)):
            case = "k2_bidi_%s_%s_%s" % (name, mode or "none", "seq" if rs else "last")
            save_case(case, seq_model([None, 5, 3],
                      bidi_gated(cls, "bidirectional", 3, units, mode, return_sequences=rs,
                                 reset_after=cls == "GRU")), 2, gfloats(2, 5, 3), "h5")
    save_case("k2_bidi_lstm_return_state", seq_model([None, 5, 3],
              bidi_gated("LSTM", "bidirectional", 3, 4, "concat", return_state=True)),
              2, gfloats(2, 5, 3), "h5")
    save_case("k2_stacked_lstm_gru", seq_model([None, 6, 3],
              gated("LSTM", "lstm", 3, 6, return_sequences=True),
              gated("GRU", "gru", 6, 5, reset_after=True, return_sequences=True),
              gated("GRU", "gru_1", 5, 4, reset_after=True),
              gdense("dense", 4, 2)), 2, gfloats(2, 6, 3), "h5")
    save_case("k2_lstm_return_state", seq_model([None, 5, 3],
              gated("LSTM", "lstm", 3, 5, return_sequences=True, return_state=True)),
              2, gfloats(2, 5, 3), "h5")
    save_case("k2_gru_go_backwards", seq_model([None, 6, 3],
              gated("GRU", "gru", 3, 5, reset_after=True, return_sequences=True,
                    go_backwards=True)), 2, gfloats(2, 6, 3), "h5")
    save_case("k2_lstm_go_backwards_last", seq_model([None, 6, 3],
              gated("LSTM", "lstm", 3, 5, go_backwards=True)), 2, gfloats(2, 6, 3), "h5")
    save_case("k2_gated_masking", seq_model([None, 7, 3],
              LSimple("Masking", "masking", mask_value=0.0),
              gated("LSTM", "lstm", 3, 5, return_sequences=True),
              gated("GRU", "gru", 5, 4, reset_after=True)), 2, masked_features(3, 7, 3), "h5")
    save_case("k2_lstm_sentiment", seq_model([None, 10],
              LEmbedding("embedding", small(40, 8) * 5, mask_zero=True, input_length=10),
              gated("LSTM", "lstm", 8, 6), gdense("dense", 6, 1, "sigmoid")),
              2, SENTIMENT_IDS, "h5", input_in_config=False)
    save_case("k2_gru_tagger", seq_model([None, None],
              LEmbedding("embedding", small(12, 6) * 5, mask_zero=True),
              bidi_gated("GRU", "bidirectional", 6, 5, "concat", return_sequences=True,
                         reset_after=True),
              LTimeDistributed("time_distributed", gdense("dense", 10, 4, "softmax")),
              name="tokens"), 2, TAGGER_IDS, "h5")
    save_case("k2_lstm_long", seq_model([None, 1000, 3],
              gated("LSTM", "lstm", 3, 4, return_sequences=True)),
              2, gfloats(2, 1000, 3), "h5")
    save_case("k2_json_lstm_bidi_gru", seq_model([None, 6, 3],
              gated("LSTM", "lstm", 3, 5, return_sequences=True),
              bidi_gated("GRU", "bidirectional", 5, 4, "ave", return_sequences=True,
                         reset_after=True)), 2, gfloats(2, 6, 3), "json")
    # stateful=True: two calls of 4 steps continue one sequence of 8.
    stateful = seq_model([2, 4, 3], gated("LSTM", "lstm", 3, 5, return_sequences=True,
                                          stateful=True))
    write_legacy_h5(path("k2_lstm_stateful.h5"), stateful, 2)
    x = gfloats(2, 8, 3)
    whole = seq_model([2, 8, 3], *stateful.layers[1:])
    y = reference.run_model(whole, x, 2)[0]
    for part in (0, 1):
        save_npy(path("k2_lstm_stateful.x%d.npy" % part), x[:, 4 * part:4 * part + 4])
        save_npy(path("k2_lstm_stateful.expected%d.npy" % part), y[:, 4 * part:4 * part + 4])

    # --- Keras 3: sigmoid by default, hard_sigmoid = clip(x / 6 + 0.5), reset_after ----
    save_case("k3_lstm_seq", seq_model([None, 6, 3],
              gated("LSTM", "lstm", 3, 6, return_sequences=True)),
              3, gfloats(3, 6, 3), "keras")
    save_case("k3_gru_reset_after", seq_model([None, 6, 4],
              gated("GRU", "gru", 4, 5, reset_after=True, return_sequences=True)),
              3, gfloats(2, 6, 4), "keras")
    save_case("k3_gru_reset_before", seq_model([None, 6, 4],
              gated("GRU", "gru", 4, 5, reset_after=False)), 3, gfloats(2, 6, 4), "keras")
    save_case("k3_hard_sigmoid", seq_model([None, 6, 3],
              gated("LSTM", "lstm", 3, 5, recurrent_activation=hs, return_sequences=True),
              gated("GRU", "gru", 5, 4, reset_after=True, recurrent_activation=hs,
                    activation="softsign")), 3, gfloats(2, 6, 3) * 2, "keras")
    save_case("k3_bidi_gru_concat_seq", seq_model([None, 5, 3],
              bidi_gated("GRU", "bidirectional", 3, 4, "concat", return_sequences=True,
                         reset_after=True)), 3, gfloats(2, 5, 3), "keras")
    save_case("k3_bidi_lstm_none_last", seq_model([None, 5, 3],
              bidi_gated("LSTM", "bidirectional", 3, 4, None)), 3, gfloats(2, 5, 3), "keras")
    save_case("k3_lstm_return_state", seq_model([None, 5, 3],
              gated("LSTM", "lstm", 3, 4, return_state=True)), 3, gfloats(2, 5, 3), "keras")
    save_case("k3_gru_masking", seq_model([None, 7, 3],
              LSimple("Masking", "masking", mask_value=0.0),
              gated("GRU", "gru", 3, 5, reset_after=True, return_sequences=True,
                    go_backwards=True)), 3, masked_features(3, 7, 3), "keras")
    save_case("k3_lstm_sentiment", seq_model([None, 10],
              LEmbedding("embedding", small(30, 8) * 5, mask_zero=True),
              gated("LSTM", "lstm", 8, 6), gdense("dense", 6, 1, "sigmoid")),
              3, SENTIMENT_IDS, "keras")
    save_case("k3_gru_tagger", seq_model([None, 6],
              LEmbedding("embedding", small(12, 6) * 5, mask_zero=True),
              bidi_gated("GRU", "bidirectional", 6, 5, "concat", return_sequences=True,
                         reset_after=True),
              LTimeDistributed("time_distributed", gdense("dense", 10, 4, "softmax"))),
              3, TAGGER_IDS, "keras")
    save_case("k3_json_gru", seq_model([None, 6, 3],
              gated("GRU", "gru", 3, 5, reset_after=True, return_sequences=True),
              gated("LSTM", "lstm", 5, 3)), 3, gfloats(2, 6, 3), "json")
    save_case("k3h5_lstm_gru", seq_model([None, 5, 3],
              gated("LSTM", "lstm", 3, 4, recurrent_activation=hs, return_sequences=True),
              gated("GRU", "gru", 4, 3, reset_after=True)), 3, gfloats(2, 5, 3), "h5")


def write_bad_files():
    """Files the diagnostics tests reject."""
    kernel = W(3, 16)[:, :12].reshape(3, 3, 4)
    W(4, 16)  # unused: keeps the random draws of the files below as they were
    conv = LRaw("Conv1D", "conv1d_1", {"filters": 4, "kernel_size": [3],
                                       "activation": "linear"},
                [("kernel", kernel), ("bias", W(16)[:4])])
    write_legacy_h5(path("bad_conv1d.h5"), seq_model([None, 5, 3], conv), 2)
    write_legacy_h5(path("bad_stateful.h5"), seq_model([2, 5, 3],
                    rnn("simple_rnn", 3, 4, stateful=True)), 2)
    write_keras_archive(path("bad_activation.keras"), seq_model([None, 5, 3],
                        rnn("simple_rnn", 3, 4, activation="swish")))
    write_keras_archive(path("bad_softmax_cell.keras"), seq_model([None, 5, 3],
                        rnn("simple_rnn", 3, 4, activation="softmax")))
    write_legacy_h5(path("bad_missing_weight.h5"), seq_model([None, 5, 3],
                    rnn("simple_rnn", 3, 4)), 2,
                    skip_weights={("simple_rnn",
                                   "simple_rnn/simple_rnn_cell/recurrent_kernel:0")})
    write_legacy_h5(path("bad_weight_shape.h5"), Model([LInput("x", [None, 5, 3]),
                    LSimpleRNN("simple_rnn", W(4, 6), W(6, 6), W(6))]), 2)
    with open(path("k2_simple_seq.h5"), "rb") as f:
        data = f.read()
    with open(path("bad_truncated.h5"), "wb") as f:
        f.write(data[:len(data) // 2])
    # A damaged global heap (where variable-length strings such as model_config live):
    # a zero-size free-space object after the first string, on which HDF5 1.10 loops.
    heap = bytearray(data)
    first = heap.find(b"GCOL") + 16
    size = struct.unpack("<Q", heap[first + 8:first + 16])[0]
    second = first + 16 + (size + 7) // 8 * 8
    heap[second:second + 16] = bytes(16)
    with open(path("bad_heap.h5"), "wb") as f:
        f.write(heap)
    with open(path("bad_not_hdf5.h5"), "w") as f:
        f.write("this is a text file, not an HDF5 file\n")
    write_keras_archive(path("bad_no_config.keras"), seq_model([None, 5, 3],
                        rnn("simple_rnn", 3, 4)), omit=("config.json",))
    # JSON configs for k3_json's weights, with a field missing, of the wrong type, or
    # not JSON at all.
    config = model_config(seq_model([None, 6, 3],
                          rnn("simple_rnn", 3, 5, return_sequences=True),
                          rnn("simple_rnn_1", 5, 3)), 3)
    del config["config"]["layers"][1]["config"]["units"]
    with open(path("bad_missing_units.json"), "w") as f:
        json.dump(config, f)
    config["config"]["layers"][1]["config"]["units"] = "five"
    with open(path("bad_wrong_type.json"), "w") as f:
        json.dump(config, f)
    del config["config"]["layers"][1]["class_name"]
    with open(path("bad_no_class.json"), "w") as f:
        json.dump(config, f)
    with open(path("bad_not_json.json"), "w") as f:
        f.write('{"class_name": "Sequential", "config": {"layers": [')
    bidi_conv = model_config(seq_model([None, 5, 3],
                             bidi("bidirectional", 3, 4, "concat")), 3)
    for half in ("layer", "backward_layer"):
        bidi_conv["config"]["layers"][1]["config"][half]["class_name"] = "Conv1D"
    write_keras_archive(path("bad_bidi_conv1d.keras"), seq_model([None, 5, 3],
                        bidi("bidirectional", 3, 4, "concat")), config_override=bidi_conv)
    two = model_config(Model([LInput("a", [None, 5, 3]), rnn("simple_rnn", 3, 4)],
                             functional=True), 2)
    two["config"]["layers"].insert(1, {"class_name": "InputLayer", "name": "b",
                                       "config": {"batch_input_shape": [None, 5, 3],
                                                  "name": "b"}, "inbound_nodes": []})
    two["config"]["input_layers"].append(["b", 0, 0])
    write_legacy_h5(path("bad_two_inputs.h5"), Model([LInput("a", [None, 5, 3]),
                    rnn("simple_rnn", 3, 4)], functional=True), 2, config_override=two)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_cases()
    write_bad_files()
    write_gated_cases()


if __name__ == "__main__":
    main()
