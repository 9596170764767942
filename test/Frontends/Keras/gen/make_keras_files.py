#!/usr/bin/python3
"""Writes test/Frontends/Keras/Inputs: Keras models in every version's on-disk layout
(keras_files.py), their inputs (<case>.x.npy) and float64 expected outputs
(<case>.expected.npy, or .expected0.npy, .expected1.npy, ... for several outputs)
computed by reference.py, plus the broken files the diagnostics tests read (bad_*).

Run with Debian's python (h5py, numpy, torch): /usr/bin/python3 make_keras_files.py
Weights and inputs come from fixed seeds, so the files are the same on every run.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keras_files import (LBidirectional, LDense, LEmbedding, LInput, LRaw,  # noqa: E402
                         LSimple, LSimpleRNN, LTimeDistributed, Model, model_config,
                         write_json_and_weights, write_keras_archive, write_legacy_h5)
import reference  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Inputs")
rng = np.random.default_rng(20240501)
torch.manual_seed(0)


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
    np.save(path(name + ".x.npy"), x)
    outputs = reference.run_model(model, x, v)
    if len(outputs) == 1:
        np.save(path(name + ".expected.npy"), outputs[0])
    else:
        for i, y in enumerate(outputs):
            np.save(path("%s.expected%d.npy" % (name, i)), y)


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


def write_bad_files():
    """Files the diagnostics tests reject."""
    lstm = LRaw("LSTM", "lstm_1", {"units": 4, "activation": "tanh",
                                   "recurrent_activation": "sigmoid",
                                   "return_sequences": False},
                [("kernel", W(3, 16)), ("recurrent_kernel", W(4, 16)), ("bias", W(16))])
    write_legacy_h5(path("bad_lstm.h5"), seq_model([None, 5, 3], lstm), 2)
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
    bidi_lstm = model_config(seq_model([None, 5, 3],
                             bidi("bidirectional", 3, 4, "concat")), 3)
    for half in ("layer", "backward_layer"):
        bidi_lstm["config"]["layers"][1]["config"][half]["class_name"] = "LSTM"
    write_keras_archive(path("bad_bidi_lstm.keras"), seq_model([None, 5, 3],
                        bidi("bidirectional", 3, 4, "concat")), config_override=bidi_lstm)
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


if __name__ == "__main__":
    main()
