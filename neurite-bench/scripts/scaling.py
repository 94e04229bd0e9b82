"""What a second thread gains, ours beside NumPy's: each round trains the benchmark MLP with
Neurite on N threads and on 1, and with the NumPy-from-scratch peer (OpenBLAS) on N threads and
on 1, in an order that alternates from round to round, then prints each one's N-thread / 1-thread
throughput ratio (median and range over the rounds). On a shared machine the headroom a second
core gives varies from hour to hour; the peer's ratio, taken in the same minutes, says how much
of it there was.

usage: python3 scaling.py [--rounds 5] [--threads 2] [--epochs 3]
Run from the repository root after `mvn -q -DskipTests package`.
"""
import argparse, os, statistics, sys

from benchrun import bench, blas_env, peers, py, run

p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=5)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--epochs", type=int, default=3)
a = p.parse_args()
if a.rounds < 1 or a.threads < 2 or a.epochs < 2:
    sys.exit(f"need --rounds ≥ 1, --threads ≥ 2 and --epochs ≥ 2 (the first is a warm-up); got {a.rounds}, {a.threads}, {a.epochs}")
e = str(a.epochs)


def ours(t):
    return bench + ["mlp", "--threads", str(t), "--epochs", e], os.environ


def numpy(t):
    return [py, os.path.join(peers, "mlp_numpy.py"), "--epochs", e], blas_env(t)


runs = [("neurite", a.threads, ours), ("neurite", 1, ours), ("numpy", a.threads, numpy), ("numpy", 1, numpy)]
ratios = {"neurite": [], "numpy": []}
for i in range(a.rounds):
    order = runs if i % 2 == 0 else runs[::-1]
    got = {(name, t): run(*make(t))["train_samples_per_s"] for name, t, make in order}
    line = []
    for name in ratios:
        n, one = got[(name, a.threads)], got[(name, 1)]
        ratios[name].append(n / one)
        line.append(f"{name} {n:.0f} / {one:.0f} = {n / one:.2f}x")
    print(f"round {i + 1}: " + ", ".join(line), file=sys.stderr)
print(f"training samples/s, {a.threads} threads / 1 thread, {a.rounds} rounds, {a.epochs} epochs (the first not counted)")
for name, r in ratios.items():
    print(f"{name:8} median {statistics.median(r):.2f}x, range {min(r):.2f}–{max(r):.2f}x")
