#!/usr/bin/python3
"""Writes the MLP of `neurite-bench onnx`: PyTorch's 784-256-128-10 ReLU network (Fashion-MNIST's
shape, seeded random weights), exported by Debian's torch 1.13 at opset 17 with a dynamic batch.

    /usr/bin/python3 neurite-bench/scripts/onnx_mlp.py /tmp/mlp784.onnx
"""
import sys

import torch

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 10)).eval()
torch.onnx.export(model, torch.randn(1, 784), sys.argv[1] if len(sys.argv) > 1 else "mlp784.onnx", opset_version=17,
                  input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
