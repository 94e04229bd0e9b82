"""NumPy's (OpenBLAS) single-precision product at the benchmark MLP's shapes (batch 128), timed
as ../../../shared/bench/peers/gemm_numpy.py times square sizes; the counterpart of the
"mlp_gflops" of `neurite-bench gemm`. Transposed operands are views, as in the NumPy peer's
backward pass (acts.T @ dz, dz @ W.T).

usage: OPENBLAS_NUM_THREADS=2 python3 gemm_shapes_numpy.py
Prints one JSON line.
"""
import json, time
import numpy as np

SHAPES = {  # name: (m, k, n, transpose_a, transpose_b)
    "fwd1_128x784x256": (128, 784, 256, False, False),
    "dW1_784x128x256": (784, 128, 256, True, False),
    "fwd2_128x256x128": (128, 256, 128, False, False),
    "dX2_128x128x256": (128, 128, 256, False, True),
    "dW2_256x128x128": (256, 128, 128, True, False),
}
rng = np.random.default_rng(0)
out = {}
for name, (m, k, n, ta, tb) in SHAPES.items():
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    A = a.T if ta else a
    B = b.T if tb else b
    c = A @ B
    reps = max(3, int(2e9 / (2 * m * n * k)))
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(reps):
            np.matmul(A, B, out=c)
        best = min(best, (time.perf_counter() - t0) / reps)
    out[name] = round(2 * m * n * k / best / 1e9, 1)
print(json.dumps({"system": f"numpy {np.__version__} sgemm", "mlp_gflops": out}))
