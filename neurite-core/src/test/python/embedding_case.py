#!/usr/bin/python3
"""Writes the PyTorch reference case of neurite's Embedding layer (nn.Embedding), float64.

The case has the format of the project's reference cases (docs/reference-cases.md), with one
more layer type: {"type": "embedding", "in": N, "column": c, "vocabulary": V, "dimension": D}
replaces input column c (a category index) by row x[:, c] of its table "k.weight" [V][D] and
passes the other columns through, so the dense layer after it sees N - 1 + D inputs.

Run with Debian's python3-torch: /usr/bin/python3 neurite-core/src/test/python/embedding_case.py
"""
import json
import pathlib

import torch

torch.manual_seed(19)
torch.set_default_dtype(torch.float64)

N, COLUMN, V, D, HIDDEN, CLASSES, BATCH = 3, 1, 5, 3, 4, 3, 7
emb = torch.nn.Embedding(V, D)
lin1 = torch.nn.Linear(N - 1 + D, HIDDEN)
lin2 = torch.nn.Linear(HIDDEN, CLASSES)

dense_x = torch.randn(BATCH, N - 1)
index = torch.tensor([0, 3, 3, 1, 4, 0, 2])  # index 3 twice and 0 twice: their gradients add up
target = torch.tensor([2, 0, 1, 1, 2, 0, 1])

x = torch.cat([dense_x[:, :COLUMN], index[:, None].double(), dense_x[:, COLUMN:]], dim=1).requires_grad_(True)
parts = torch.cat([x[:, :COLUMN], emb(x[:, COLUMN].round().long()), x[:, COLUMN + 1:]], dim=1)
out = lin2(torch.tanh(lin1(parts)))
loss = torch.nn.functional.cross_entropy(out, target)
loss.backward()


def rows(t):
    return t.detach().tolist()


case = {
    "name": "embedding_tanh_softmax_cross_entropy",
    "layers": [
        {"type": "embedding", "in": N, "column": COLUMN, "vocabulary": V, "dimension": D},
        {"type": "dense", "in": N - 1 + D, "out": HIDDEN, "activation": "tanh"},
        {"type": "dense", "in": HIDDEN, "out": CLASSES, "activation": "identity"},
    ],
    "loss": "softmax_cross_entropy",
    "params": {
        "0.weight": rows(emb.weight),
        "1.weight": rows(lin1.weight.t()), "1.bias": rows(lin1.bias),
        "2.weight": rows(lin2.weight.t()), "2.bias": rows(lin2.bias),
    },
    "input": rows(x),
    "target": target.tolist(),
    "expected": {
        "output": rows(out),
        "loss": loss.item(),
        "grads": {
            "0.weight": rows(emb.weight.grad),
            "1.weight": rows(lin1.weight.grad.t()), "1.bias": rows(lin1.bias.grad),
            "2.weight": rows(lin2.weight.grad.t()), "2.bias": rows(lin2.bias.grad),
        },
        # round() has no gradient: PyTorch gives 0 for the index column, as Neurite does
        "input_grad": rows(x.grad),
    },
}
out_file = pathlib.Path(__file__).resolve().parents[1] / "resources/dev/neurite/nn" / (case["name"] + ".json")
out_file.write_text(json.dumps(case, indent=1) + "\n")
print("wrote", out_file)
