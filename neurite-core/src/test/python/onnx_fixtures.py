#!/usr/bin/python3
"""Writes the ONNX import fixtures of OnnxFixtureTest, once, with Debian's PyTorch (1.13) and onnx (1.12).

    /usr/bin/python3 neurite-core/src/test/python/onnx_fixtures.py neurite-core/src/test/resources/dev/neurite/io/onnx/fixtures

For each case it writes NAME.onnx and NAME.json: the inputs ({"input": {"shape": [...], "data": [...]}})
and the outputs PyTorch (or, for the scikit-learn-style graphs, NumPy in float32) computed. The MLPs
are exported by torch.onnx.export at opsets 9 to 17; the scikit-learn-style graphs are built with
onnx.helper the way skl2onnx writes an MLPClassifier (Scaler, MatMul + Add, Softmax, ArgMax, a label
lookup, ZipMap). The files are committed; run this again only to change the cases.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(21)
rng = np.random.default_rng(21)


def tensor_json(a):
    a = np.asarray(a)
    if a.dtype.kind in "US" or a.dtype == object:
        return {"shape": list(a.shape), "strings": [str(v) for v in a.reshape(-1)]}
    if a.dtype.kind in "iu":
        return {"shape": list(a.shape), "ints": [int(v) for v in a.reshape(-1)]}
    return {"shape": list(a.shape), "data": [float(v) for v in a.astype(np.float32).reshape(-1)]}


def save(name, inputs, outputs):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"inputs": {k: tensor_json(v) for k, v in inputs.items()},
                   "outputs": {k: tensor_json(v) for k, v in outputs.items()}}, f)


def randomize_batchnorm(model):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm1d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features) * 0.5)
                m.running_var.copy_(torch.rand(m.num_features) + 0.5)
                m.weight.copy_(torch.rand(m.num_features) + 0.5)
                m.bias.copy_(torch.randn(m.num_features) * 0.1)


def mlp(name, opset, layers, width, rows=7):
    model = torch.nn.Sequential(*layers)
    randomize_batchnorm(model)
    model.eval()
    x = torch.randn(rows, width)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
    onnx.checker.check_model(onnx.load(path))
    save(name, {"input": x.numpy()}, {"output": y.numpy()})


nn = torch.nn
mlp("mlp_relu_opset9", 9, [nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)], 4)
mlp("mlp_tanh_opset10", 10, [nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1)], 5)
mlp("mlp_sigmoid_bn_opset11", 11, [nn.Linear(6, 10), nn.BatchNorm1d(10), nn.Sigmoid(), nn.Linear(10, 2), nn.Softmax(dim=1)], 6)
mlp("mlp_softmax_opset12", 12, [nn.Linear(3, 9), nn.ReLU(), nn.Linear(9, 4), nn.Softmax(dim=1)], 3)
mlp("mlp_leaky_elu_opset13", 13, [nn.Linear(3, 7), nn.LeakyReLU(0.2), nn.Linear(7, 7), nn.ELU(0.5), nn.Linear(7, 4), nn.Softmax(dim=-1)], 3)
mlp("mlp_bn_relu_dropout_opset14", 14, [nn.Linear(10, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 5)], 10)
mlp("mlp_nobias_opset15", 15, [nn.Linear(4, 6, bias=False), nn.ReLU(), nn.Linear(6, 2)], 4)
mlp("mlp_bn_tanh_opset16", 16, [nn.Linear(8, 12), nn.BatchNorm1d(12), nn.Tanh(), nn.Linear(12, 12), nn.BatchNorm1d(12), nn.ReLU(), nn.Linear(12, 3)], 8)
mlp("mlp_gelu_opset17", 17, [nn.Linear(8, 12), nn.GELU(), nn.Linear(12, 3)], 8)
mlp("mlp_wide_opset17", 17, [nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)], 64, rows=33)


def zipmap_output(name):
    """seq(map(string, float)), built by hand: onnx 1.12's helper has no make_map_type_proto."""
    value = onnx.ValueInfoProto()
    value.name = name
    m = value.type.sequence_type.elem_type.map_type
    m.key_type = TensorProto.STRING
    m.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return value


def sklearn_style(name, label_lookup):
    """An MLPClassifier on 4 numeric columns with a StandardScaler, as skl2onnx writes it."""
    mean = rng.normal(size=4).astype(np.float32)
    inv_std = (1.0 / rng.uniform(0.5, 2.0, size=4)).astype(np.float32)
    w0 = rng.normal(scale=0.6, size=(4, 10)).astype(np.float32)
    b0 = rng.normal(scale=0.1, size=10).astype(np.float32)
    w1 = rng.normal(scale=0.6, size=(10, 3)).astype(np.float32)
    b1 = rng.normal(scale=0.1, size=3).astype(np.float32)
    classes = ["setosa", "versicolor", "virginica"]
    nodes = [
        helper.make_node("Scaler", ["input"], ["scaled"], domain="ai.onnx.ml", offset=mean.tolist(), scale=inv_std.tolist()),
        helper.make_node("MatMul", ["scaled", "coefficient"], ["mul_result"]),
        helper.make_node("Add", ["mul_result", "intercepts"], ["add_result"]),
        helper.make_node("Relu", ["add_result"], ["next_activations"]),
        helper.make_node("MatMul", ["next_activations", "coefficient1"], ["mul_result1"]),
        helper.make_node("Add", ["mul_result1", "intercepts1"], ["add_result1"]),
        helper.make_node("Softmax", ["add_result1"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["argmax_output"], axis=1),
    ]
    inits = [numpy_helper.from_array(w0, "coefficient"), numpy_helper.from_array(b0, "intercepts"),
             numpy_helper.from_array(w1, "coefficient1"), numpy_helper.from_array(b1, "intercepts1")]
    if label_lookup == "array_feature_extractor":
        inits.append(helper.make_tensor("classes", TensorProto.STRING, [3], [c.encode() for c in classes]))
        inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), "shape_tensor"))
        nodes += [helper.make_node("ArrayFeatureExtractor", ["classes", "argmax_output"], ["array_feature_extractor_result"], domain="ai.onnx.ml"),
                  helper.make_node("Reshape", ["array_feature_extractor_result", "shape_tensor"], ["label"])]
    else:
        inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), "shape_tensor"))
        nodes += [helper.make_node("Reshape", ["argmax_output", "shape_tensor"], ["reshaped_index"]),
                  helper.make_node("LabelEncoder", ["reshaped_index"], ["label"], domain="ai.onnx.ml",
                                   keys_int64s=[0, 1, 2], values_strings=classes)]
    nodes.append(helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml", classlabels_strings=classes))
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
                              [helper.make_tensor_value_info("label", TensorProto.STRING, [None]),
                               helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3]),
                               zipmap_output("output_probability"),
                               ], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 2)],
                              producer_name="skl2onnx-style")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    x = rng.normal(size=(9, 4)).astype(np.float32)
    h = np.maximum((x - mean) * inv_std @ w0 + b0, 0).astype(np.float32)
    z = (h @ w1 + b1).astype(np.float32)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    labels = np.array([classes[k] for k in p.argmax(axis=1)])
    save(name, {"input": x}, {"probabilities": p, "label": labels})


sklearn_style("sklearn_mlp_array_feature_extractor", "array_feature_extractor")
sklearn_style("sklearn_mlp_label_encoder", "label_encoder")
print("fixtures written to", OUT)
