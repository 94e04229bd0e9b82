#!/usr/bin/python3
"""Checks Neurite's ONNX exports with the ONNX project's own checker (optional in CI).

Trains small models with bin/neurite on a generated table of numeric and text columns (every
activation; a multi-class, a binary and a regression target) and on one with every kind of column
Neurite fits (numbers and dates with missing cells, booleans, text with missing cells as a category,
rare values pooled as 'other', an embedded column), also with periodic embeddings of the numbers
(--numeric-embedding plr and plr-lite), exports each with --inputs columns and
--inputs tensor, and runs onnx.checker.check_model on every file. Needs Debian's python3-onnx
(1.12) and the built CLI (mvn -B -q -DskipTests package):

    /usr/bin/python3 neurite-cli/src/test/python/check_onnx_exports.py

Exit status 0 when every file passes; the failures are listed otherwise.
"""
import os
import random
import subprocess
import sys
import tempfile

import onnx

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NEURITE = os.path.join(ROOT, "bin", "neurite")
ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu(0.2)", "elu(0.5)", "gelu", "silu", "softplus"]


def neurite(*args):
    subprocess.run([NEURITE, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def table(path):
    rng = random.Random(21)
    with open(path, "w") as f:
        f.write("x1,color,x2,size,animal,answer,price\n")
        for _ in range(120):
            x1, x2 = rng.gauss(0, 1), rng.gauss(5, 2)
            color, size = rng.choice(["red", "green", "blue"]), rng.choice(["S", "M", "L"])
            s = x1 + (x2 - 5) / 2 + (color == "red")
            animal = "cat" if s < -0.5 else "dog" if s < 0.8 else "bird"
            f.write(f"{x1:.4f},{color},{x2:.4f},{size},{animal},{'yes' if s > 0 else 'no'},{3 * s + 50:.3f}\n")


def every_kind(path):
    rng = random.Random(22)
    with open(path, "w") as f:
        f.write("income,member,joined,color,city,user,band,score\n")
        for r in range(300):
            income, member, color = rng.gauss(50, 20), rng.random() < 0.5, rng.choice(["red", "green", "blue"])
            city = 20 + r if r < 4 else rng.randrange(20)
            user = 70 + r if r < 10 else rng.randrange(70)
            s = (income - 50) / 20 + (1 if member else -1) + (color == "red") + rng.gauss(0, 0.3)
            f.write(",".join([
                "NA" if r % 17 == 0 else f"{income:.2f}",
                "" if r % 19 == 0 else ("Yes" if member else "no"),
                "" if r % 23 == 0 else f"2021-{1 + r % 12:02d}-{1 + r % 28:02d}T{r % 24:02d}:00:00",
                "?" if r % 13 == 0 else color,
                f"c{city}", f"u{user}",
                "low" if s < -0.5 else "mid" if s < 0.8 else "high",
                f"{3 * s + 50:.3f}"]) + "\n")


def main():
    failures = []
    checked = 0
    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "t.csv")
        table(csv)
        models = []
        for k, activation in enumerate(ACTIVATIONS):
            target = ["animal", "answer", "price"][k % 3]
            model = os.path.join(d, f"m{k}.model")
            neurite("train", "--data", csv, "--target", target, "--epochs", "3", "--layers", "8,4",
                    "--activation", activation, "--out", model)
            models.append((f"{activation}-{target}", model))
        every = os.path.join(d, "every.csv")
        every_kind(every)
        for target in ["band", "score"]:
            model = os.path.join(d, f"every-{target}.model")
            neurite("train", "--data", every, "--target", target, "--epochs", "3", "--layers", "8", "--out", model)
            models.append((f"every-kind-{target}", model))
            for embedding in ["plr:k=4,d=3,sigma=0.1", "plr-lite:k=4,d=3,sigma=0.1"]:
                model = os.path.join(d, f"every-{target}-{embedding.split(':')[0]}.model")
                neurite("train", "--data", every, "--target", target, "--epochs", "3", "--layers", "8",
                        "--numeric-embedding", embedding, "--out", model)
                models.append((f"every-kind-{target}-{embedding.split(':')[0]}", model))
        for name, model in models:
            for inputs in ["columns", "tensor"]:
                out = os.path.join(d, f"{name}-{inputs}.onnx")
                neurite("export", "--model", model, "--inputs", inputs, "--out", out)
                try:
                    onnx.checker.check_model(onnx.load(out))
                    checked += 1
                except Exception as e:  # the checker's own exception types differ between versions
                    failures.append(f"{name} ({inputs}): {e}")
    print(f"onnx {onnx.__version__}: {checked} exported files pass onnx.checker.check_model, {len(failures)} fail")
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
