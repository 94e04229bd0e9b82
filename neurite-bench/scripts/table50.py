"""Writes the synthetic 50-column table of the small-table timings (docs/performance.md, "Small
tables"): 5,000 rows of 50 standard normal features x1..x50 and a class y = [x·w + 0.5·ε > 0],
w and ε standard normal, seed 0. usage: python3 table50.py OUT.csv"""
import sys

import numpy as np

rng = np.random.default_rng(0)
x = rng.standard_normal((5000, 50))
w = rng.standard_normal(50)
y = (x @ w + 0.5 * rng.standard_normal(5000) > 0).astype(int)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"x{i + 1}" for i in range(50)) + ",y\n")
    for row, label in zip(x, y):
        f.write(",".join(f"{v:.5f}" for v in row) + f",{label}\n")
