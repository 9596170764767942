#!/usr/bin/python3
"""Writes the models of the ONNX diagnostics test to OUT_DIR: make_bad_models.py OUT_DIR

Each <name>.onnx holds one construct rnnc refuses (an unsupported op or attribute value,
a malformed graph) or is not a loadable model at all (truncated, not a protobuf, weights
in an external file). Built without onnx.checker, which would refuse most of them.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, N, I, H = 3, 2, 4, 5


def rnn_model(attrs=None, inputs=None, x_shape=(T, N, I), x_type=TensorProto.FLOAT,
              w_shape=(1, H, I), opset=14, node_name="rnn_0", op_type="RNN",
              domain="", extra_inputs=(), lens_type=None):
    """X -> RNN(W, R, B) -> Y_h, the weights initializers."""
    rng = np.random.default_rng(0)
    dirs = w_shape[0]
    init = [numpy_helper.from_array(rng.uniform(-1, 1, w_shape).astype(np.float32), "W"),
            numpy_helper.from_array(rng.uniform(-1, 1, (dirs, w_shape[1], w_shape[1]))
                                    .astype(np.float32), "R"),
            numpy_helper.from_array(np.zeros((dirs, 2 * w_shape[1]), np.float32), "B")]
    graph_inputs = [helper.make_tensor_value_info("X", x_type, x_shape)]
    graph_inputs += list(extra_inputs)
    node = helper.make_node(op_type, inputs or ["X", "W", "R", "B"], ["", "Y_h"],
                            name=node_name, domain=domain, **(attrs or {}))
    graph = helper.make_graph([node], "bad", graph_inputs,
                              [helper.make_tensor_value_info("Y_h", TensorProto.FLOAT,
                                                             None)],
                              initializer=init)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def graph_model(nodes, inputs, outputs, initializers=(), opset=14):
    graph = helper.make_graph(nodes, "bad", inputs, outputs, initializer=list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def models():
    m = {}
    # Ops and attribute values rnnc does not import.
    m["conv"] = rnn_model(op_type="Conv", node_name="conv_0")
    m["direction"] = rnn_model({"direction": "sideways"})
    m["layout"] = rnn_model({"layout": 2})
    m["activation"] = rnn_model({"activations": ["Swish"]})
    m["activation_count"] = rnn_model({"activations": ["Tanh", "Relu", "Tanh"],
                                       "direction": "bidirectional"},
                                      w_shape=(2, H, I))
    m["clip"] = rnn_model({"clip": -1.0})
    m["unknown_attribute"] = rnn_model({"input_forget": 1})
    m["attribute_type"] = rnn_model({"direction": 1})
    m["hidden_size"] = rnn_model({"hidden_size": 7})
    m["weight_shape"] = rnn_model(w_shape=(1, H, I + 1))
    m["lens_type"] = rnn_model(inputs=["X", "W", "R", "B", "lens"],
                               extra_inputs=[f32("lens", [N])])
    m["domain"] = rnn_model(domain="com.microsoft")
    m["old_opset"] = rnn_model(opset=6)
    # Graph inputs the C ABI cannot take.
    m["input_no_shape"] = rnn_model(x_shape=None)
    m["input_float16"] = rnn_model(x_type=TensorProto.FLOAT16)
    # Names that lead nowhere.
    m["missing_initializer"] = rnn_model(inputs=["X", "W_missing", "R", "B"])
    m["unsorted"] = graph_model(
        [helper.make_node("Relu", ["h"], ["y"], name="relu_0"),
         helper.make_node("Tanh", ["x"], ["h"], name="tanh_0")],
        [f32("x", [2])], [f32("y", [2])])
    m["missing_output"] = graph_model(
        [helper.make_node("Relu", ["x"], ["y"], name="relu_0")],
        [f32("x", [2])], [f32("z", [2])])
    # Other ops outside what rnnc lowers.
    m["gather_runtime"] = graph_model(
        [helper.make_node("Gather", ["x", "i"], ["y"], name="gather_0")],
        [f32("x", [3, 4]), helper.make_tensor_value_info("i", TensorProto.INT64, [2])],
        [f32("y", [2, 4])])
    m["matmul_batched"] = graph_model(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul_0")],
        [f32("x", [2, 3, 4])], [f32("y", [2, 3, 5])],
        [numpy_helper.from_array(np.ones((2, 4, 5), np.float32), "w")])
    m["slice_step"] = graph_model(
        [helper.make_node("Slice", ["x", "s", "e", "a", "st"], ["y"], name="slice_0")],
        [f32("x", [6, 4])], [f32("y", [3, 4])],
        [numpy_helper.from_array(np.array(v, np.int64), n)
         for n, v in (("s", [0]), ("e", [6]), ("a", [0]), ("st", [2]))])
    m["cast_string"] = graph_model(
        [helper.make_node("Cast", ["x"], ["y"], name="cast_0", to=TensorProto.STRING)],
        [f32("x", [2])], [helper.make_tensor_value_info("y", TensorProto.STRING, [2])])
    m["squeeze"] = graph_model(
        [helper.make_node("Squeeze", ["x", "axes"], ["y"], name="squeeze_0")],
        [f32("x", [2, 3])], [f32("y", [2, 3])],
        [numpy_helper.from_array(np.array([1], np.int64), "axes")])
    m["shape_runtime"] = graph_model(
        [helper.make_node("ConstantOfShape", ["s"], ["y"], name="fill_0")],
        [helper.make_tensor_value_info("s", TensorProto.INT64, [2])], [f32("y", None)])
    more_models(m)
    # Weights in another file.
    ext = rnn_model()
    w = ext.graph.initializer[0]
    w.ClearField("raw_data")
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value="weights.bin")
    m["external_data"] = ext
    return m


def i64(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def node_model(op, inputs, attrs=None, x_shape=(2, 3), initializers=(), outputs=("y",),
               extra_inputs=(), opset=14, x_type=TensorProto.FLOAT):
    """x -> op -> y: one node named '<op lower case>_0'."""
    node = helper.make_node(op, list(inputs), list(outputs), name=op.lower() + "_0",
                            **(attrs or {}))
    graph_inputs = [helper.make_tensor_value_info("x", x_type, x_shape)]
    graph_inputs += list(extra_inputs)
    return graph_model([node], graph_inputs, [f32(o, None) for o in outputs if o],
                       initializers, opset)


def more_models(m):
    """The error path of every op importer and of the graph walk."""
    X3 = [T, N, I]
    # RNN shapes and types.
    m["rnn_x_rank"] = rnn_model(x_shape=[T, N])
    m["rnn_x_dynamic_input_size"] = rnn_model(x_shape=[T, N, "i"])
    m["rnn_zero_hidden"] = rnn_model(w_shape=(1, 0, I))
    m["rnn_type_mismatch"] = rnn_model(x_type=TensorProto.DOUBLE)
    m["rnn_x_int"] = rnn_model(x_type=TensorProto.INT64)
    m["rnn_too_many_inputs"] = rnn_model(inputs=["X", "W", "R", "B", "", "", "X"])
    m["rnn_missing_r"] = rnn_model(inputs=["X", "W", ""])
    m["rnn_nonfinite_alpha"] = rnn_model({"activations": ["LeakyRelu"],
                                          "activation_alpha": [float("inf")]})
    rng = np.random.default_rng(1)
    def rnn_with(extra_init, inputs, attrs=None, w_shape=(1, H, I)):
        model = rnn_model(attrs, inputs=inputs, w_shape=w_shape)
        model.graph.initializer.extend(extra_init)
        return model
    m["rnn_r_shape"] = rnn_with([numpy_helper.from_array(
        np.zeros((1, H, H + 1), np.float32), "R2")], ["X", "W", "R2", "B"])
    m["rnn_b_shape"] = rnn_with([numpy_helper.from_array(
        np.zeros((1, H), np.float32), "B2")], ["X", "W", "R", "B2"])
    m["rnn_lens_shape"] = rnn_with([numpy_helper.from_array(
        np.ones((N + 1,), np.int32), "lens")], ["X", "W", "R", "B", "lens"])
    m["rnn_initial_h_shape"] = rnn_with([numpy_helper.from_array(
        np.zeros((1, N, H + 1), np.float32), "h0")], ["X", "W", "R", "B", "", "h0"])
    # Graph structure.
    m["duplicate_initializer"] = rnn_model()
    m["duplicate_initializer"].graph.initializer.extend(
        [numpy_helper.from_array(np.zeros(1, np.float32), "W")])
    m["unnamed_initializer"] = rnn_model()
    m["unnamed_initializer"].graph.initializer.extend(
        [numpy_helper.from_array(np.zeros(1, np.float32), "")])
    m["duplicate_input"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                       [f32("x", [2]), f32("x", [2])], [f32("y", [2])])
    seq = helper.make_tensor_sequence_value_info("x", TensorProto.FLOAT, [2])
    m["input_not_tensor"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                        [seq], [f32("y", [2])])
    m["input_negative_dim"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                          [f32("x", [-2])], [f32("y", [2])])
    m["output_type"] = node_model("Cast", ["c"], {"to": TensorProto.BOOL}, initializers=[
        numpy_helper.from_array(np.ones(2, np.float32), "c")])
    m["redefined"] = graph_model([helper.make_node("Relu", ["x"], ["x"], name="relu_0")],
                                 [f32("x", [2])], [f32("x", [2])])
    m["no_outputs"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                  [f32("x", [2])], [])
    m["no_opset"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                [f32("x", [2])], [f32("y", [2])])
    del m["no_opset"].opset_import[:]
    m["no_opset"].opset_import.extend([helper.make_opsetid("ai.onnx.ml", 3)])
    m["sparse_initializer"] = graph_model([helper.make_node("Relu", ["x"], ["y"])],
                                          [f32("x", [2])], [f32("y", [2])])
    m["sparse_initializer"].graph.sparse_initializer.extend([helper.make_sparse_tensor(
        numpy_helper.from_array(np.ones(1, np.float32), "sv"),
        numpy_helper.from_array(np.zeros(1, np.int64), "si"), [2])])
    # Initializer payloads.
    bad = numpy_helper.from_array(np.ones((2, 3), np.float32), "c")
    bad.raw_data = bad.raw_data[:-4]
    m["initializer_raw_size"] = node_model("Add", ["x", "c"], initializers=[bad])
    bad = helper.make_tensor("c", TensorProto.FLOAT, [2, 3], [1.0] * 6)
    del bad.float_data[-1]
    m["initializer_count"] = node_model("Add", ["x", "c"], initializers=[bad])
    bad = helper.make_tensor("c", TensorProto.STRING, [1], [b"a"])
    m["initializer_string"] = node_model("Add", ["x", "c"], initializers=[bad])
    bad = helper.make_tensor("c", TensorProto.FLOAT, [1], [1.0])
    bad.dims[0] = -1
    m["initializer_negative_dim"] = node_model("Add", ["x", "c"], initializers=[bad])
    # Constant.
    m["constant_empty"] = node_model("Constant", [], {})
    m["constant_sparse"] = node_model("Constant", [], {"sparse_value": helper.make_sparse_tensor(
        numpy_helper.from_array(np.ones(1, np.float32), "sv"),
        numpy_helper.from_array(np.zeros(1, np.int64), "si"), [2])})
    m["constant_value"] = node_model("Constant", [], {
        "value": helper.make_tensor("v", TensorProto.FLOAT16, [1], [1])})
    # ConstantOfShape.
    m["fill_value_size"] = node_model("ConstantOfShape", ["s"], {
        "value": helper.make_tensor("v", TensorProto.FLOAT, [2], [1, 2])},
        initializers=[i64("s", [2])])
    m["fill_negative"] = node_model("ConstantOfShape", ["s"], initializers=[i64("s", [-2])])
    # Dropout.
    m["dropout_training"] = node_model("Dropout", ["x", "", "t"], initializers=[
        numpy_helper.from_array(np.array(True), "t")])
    m["dropout_mask"] = node_model("Dropout", ["x"], outputs=("y", "mask"))
    # Cast.
    m["cast_float_huge"] = node_model("Cast", ["c"], {"to": TensorProto.INT32},
                                      initializers=[numpy_helper.from_array(
                                          np.array([np.inf], np.float32), "c")])
    m["cast_constant_string"] = node_model("Cast", ["c"], {"to": TensorProto.STRING},
                                           initializers=[numpy_helper.from_array(
                                               np.ones(2, np.float32), "c")])
    shape = helper.make_node("Shape", ["x"], ["s"], name="shape_0")
    cast = helper.make_node("Cast", ["s"], ["y"], name="cast_0", to=TensorProto.FLOAT)
    m["cast_dim_float"] = graph_model([shape, cast], [f32("x", ["n", 3])], [f32("y", None)])
    m["fill_value_type"] = node_model("ConstantOfShape", ["s"], {
        "value": helper.make_tensor("v", TensorProto.FLOAT16, [1], [1])},
        initializers=[i64("s", [2])])
    huge = helper.make_tensor("c", TensorProto.FLOAT, [1], [1.0])
    huge.dims[:] = [1 << 20, 1 << 20]
    m["initializer_huge"] = node_model("Add", ["x", "c"], initializers=[huge])
    # Reshape.
    m["reshape_runtime_shape"] = node_model("Reshape", ["x", "s"], extra_inputs=[
        helper.make_tensor_value_info("s", TensorProto.INT64, [2])])
    m["reshape_two_minus_one"] = node_model("Reshape", ["x", "s"],
                                            initializers=[i64("s", [-1, -1])])
    m["reshape_negative"] = node_model("Reshape", ["x", "s"], initializers=[i64("s", [-3, 2])])
    m["reshape_zero_rank"] = node_model("Reshape", ["x", "s"],
                                        initializers=[i64("s", [0, 0, 0, 6])])
    m["reshape_infer"] = node_model("Reshape", ["x", "s"], initializers=[i64("s", [4, -1])])
    m["reshape_count"] = node_model("Reshape", ["x", "s"], initializers=[i64("s", [7])])
    m["reshape_overflow"] = node_model("Reshape", ["x", "s"],
                                       initializers=[i64("s", [(1 << 62) + 1, 2])])
    # Squeeze / Unsqueeze / Flatten / Transpose.
    m["squeeze_axis"] = node_model("Squeeze", ["x", "a"], initializers=[i64("a", [5])])
    m["squeeze_runtime_axes"] = node_model("Squeeze", ["x", "a"], extra_inputs=[
        helper.make_tensor_value_info("a", TensorProto.INT64, [1])])
    m["unsqueeze_no_axes"] = node_model("Unsqueeze", ["x"], opset=11)
    m["unsqueeze_repeated"] = node_model("Unsqueeze", ["x", "a"], initializers=[i64("a", [0, 0])])
    m["flatten_axis"] = node_model("Flatten", ["x"], {"axis": 3})
    m["flatten_overflow"] = node_model("Flatten", ["x"], {"axis": 1},
                                       x_shape=(2, 1 << 40, 1 << 40))
    m["transpose_perm"] = node_model("Transpose", ["x"], {"perm": [0, 0]})
    # Concat.
    m["concat_no_axis"] = node_model("Concat", ["x", "x"])
    m["concat_missing"] = node_model("Concat", ["x", ""], {"axis": 0})
    m["concat_rank"] = node_model("Concat", ["x", "c"], {"axis": 0}, initializers=[
        numpy_helper.from_array(np.ones(3, np.float32), "c")])
    # Gather.
    m["gather_float_indices"] = node_model("Gather", ["x", "i"], initializers=[
        numpy_helper.from_array(np.zeros(1, np.float32), "i")])
    m["gather_axis"] = node_model("Gather", ["x", "i"], {"axis": 2},
                                  initializers=[i64("i", [0])])
    m["gather_constant_range"] = node_model("Gather", ["c", "i"], initializers=[
        numpy_helper.from_array(np.ones((2, 3), np.float32), "c"), i64("i", [5])])
    m["gather_runtime_range"] = node_model("Gather", ["x", "i"], initializers=[i64("i", [3])])
    m["gather_table_rank"] = node_model("Gather", ["c", "x"], x_type=TensorProto.INT64,
                                        initializers=[numpy_helper.from_array(
                                            np.ones((2, 3, 4), np.float32), "c")])
    fill = helper.make_node("ConstantOfShape", ["s"], ["c"], name="fill_0")
    shape = helper.make_node("Shape", ["x"], ["s"], name="shape_0")
    gather = helper.make_node("Gather", ["c", "i"], ["y"], name="gather_0")
    m["gather_table_run_time_dim"] = graph_model(
        [shape, fill, gather], [f32("x", ["n", 3])], [f32("y", None)], [i64("i", [0])])
    # Slice.
    m["slice_attrs"] = node_model("Slice", ["x"], {"starts": [0]}, opset=9)
    m["slice_runtime_ends"] = node_model("Slice", ["x", "s", "e"], initializers=[
        i64("s", [0])], extra_inputs=[helper.make_tensor_value_info("e", TensorProto.INT64, [1])])
    m["slice_zero_step"] = node_model("Slice", ["x", "s", "e", "a", "st"], initializers=[
        i64("s", [0]), i64("e", [1]), i64("a", [0]), i64("st", [0])])
    m["slice_repeated_axis"] = node_model("Slice", ["x", "s", "e", "a"], initializers=[
        i64("s", [0, 0]), i64("e", [1, 1]), i64("a", [0, 0])])
    m["slice_lengths"] = node_model("Slice", ["x", "s", "e"], initializers=[
        i64("s", [0, 0]), i64("e", [1])])
    m["slice_dynamic_step"] = node_model("Slice", ["x", "s", "e", "a", "st"], x_shape=["n", 3],
                                         initializers=[i64("s", [0]), i64("e", [9]),
                                                       i64("a", [0]), i64("st", [2])])
    shape = helper.make_node("Shape", ["z"], ["zs"], name="shape_0")
    slc = helper.make_node("Slice", ["x", "s", "zs", "a"], ["y"], name="slice_0")
    m["slice_end_dim"] = graph_model([shape, slc], [f32("x", ["n", 3]), f32("z", ["m"])],
                                     [f32("y", None)], [i64("s", [0]), i64("a", [0])])
    # Expand.
    m["expand_runtime_shape"] = node_model("Expand", ["x", "s"], extra_inputs=[
        helper.make_tensor_value_info("s", TensorProto.INT64, [2])])
    m["expand_negative"] = node_model("Expand", ["x", "s"], initializers=[i64("s", [-1, 3])])
    m["expand_broadcast"] = node_model("Expand", ["x", "s"], initializers=[i64("s", [4, 3])])
    # Arithmetic.
    m["add_types"] = node_model("Add", ["x", "c"], initializers=[
        numpy_helper.from_array(np.ones(3, np.float64), "c")])
    m["add_broadcast"] = node_model("Add", ["x", "c"], initializers=[
        numpy_helper.from_array(np.ones(4, np.float32), "c")])
    m["add_strings"] = node_model("Add", ["c", "c"], initializers=[
        helper.make_tensor("c", TensorProto.STRING, [1], [b"a"])])
    shape = helper.make_node("Shape", ["x"], ["s"], name="shape_0")
    add = helper.make_node("Add", ["s", "s"], ["y"], name="add_0")
    m["add_dims"] = graph_model([shape, add], [f32("x", ["n", "m"])],
                                [helper.make_tensor_value_info("y", TensorProto.INT64, None)])
    m["sigmoid_int"] = node_model("Sigmoid", ["x"], x_type=TensorProto.INT64)
    m["softmax_axis"] = node_model("Softmax", ["x"], {"axis": 2})
    # Gemm / MatMul.
    m["gemm_rank"] = node_model("Gemm", ["x", "w"], x_shape=[2, 3, 4], initializers=[
        numpy_helper.from_array(np.ones((4, 5), np.float32), "w")])
    m["gemm_runtime_b_dynamic"] = node_model("Gemm", ["x", "w"], extra_inputs=[f32("w", [3, "k"])])
    m["gemm_k"] = node_model("Gemm", ["x", "w"], initializers=[
        numpy_helper.from_array(np.ones((4, 5), np.float32), "w")])
    m["gemm_c"] = node_model("Gemm", ["x", "w", "c"], initializers=[
        numpy_helper.from_array(np.ones((3, 5), np.float32), "w"),
        numpy_helper.from_array(np.ones((3, 5), np.float32), "c")])
    m["gemm_c_type"] = node_model("Gemm", ["x", "w", "c"], initializers=[
        numpy_helper.from_array(np.ones((3, 5), np.float32), "w"),
        numpy_helper.from_array(np.ones(5, np.float64), "c")])
    m["gemm_types"] = node_model("Gemm", ["x", "w"], initializers=[
        numpy_helper.from_array(np.ones((3, 5), np.float64), "w")])
    m["matmul_k"] = node_model("MatMul", ["x", "w"], initializers=[
        numpy_helper.from_array(np.ones((4, 5), np.float32), "w")])
    m["matmul_types"] = node_model("MatMul", ["x", "w"], initializers=[
        numpy_helper.from_array(np.ones((3, 5), np.float64), "w")])
    m["matmul_dynamic_b"] = node_model("MatMul", ["x", "w"], extra_inputs=[f32("w", [3, "k"])])
    # A node attribute holding external data.
    ext = node_model("Constant", [], {"value": numpy_helper.from_array(
        np.ones(2, np.float32), "v")})
    t = ext.graph.node[0].attribute[0].t
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    t.external_data.add(key="location", value="const.bin")
    m["external_constant"] = ext


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: make_bad_models.py OUT_DIR", file=sys.stderr)
        return 0 if argv[1:] in (["-h"], ["--help"]) else 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name, model in models().items():
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(model.SerializeToString())
    # Not loadable at all.
    good = rnn_model().SerializeToString()
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(os.path.join(out, "not_protobuf.onnx"), "wb") as f:
        f.write(b"this is not an onnx model\n")
    with open(os.path.join(out, "empty.onnx"), "wb") as f:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
