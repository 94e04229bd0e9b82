"""Runs Neurite and a peer alternately, several rounds in one go, and prints each figure's ratio
(median and range over the rounds). A ratio above 1 means Neurite is better: throughput and
GFLOP/s are ours / peer's, latency and epoch time peer's / ours.

usage: python3 compare.py PEER [--rounds 3] [--threads 2] [--epochs 3]
PEER: numpy, torch, sklearn (the MLP benchmark), djl, dl4j, smile (JVM peers, built first in
shared/bench/peers-java), gemm (square sizes against NumPy), gemm-mlp (the MLP's shapes
against NumPy), self (2 threads against our own 1 thread), jdk17 (ours on the newest JDK
installed against ours on Java 17, the baseline), build (this build's MLP benchmark against
another build's: --other ROOT, the root of a checkout or copy with bin/ and built jars).
Run from the repository root after `mvn -q -DskipTests package`.
"""
import argparse, json, os, statistics, sys

from benchrun import bench, blas_env, here, jdk_homes, peers, py, run, shared

p = argparse.ArgumentParser()
p.add_argument("peer")
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--other", help="for build: the root of the other build")
a = p.parse_args()
t, e = str(a.threads), str(a.epochs)
env_blas = blas_env(t)
env_torch = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS=t)
ours_mlp = (bench + ["mlp", "--threads", t, "--epochs", e], os.environ)
runs = {
    "numpy": (ours_mlp, ([py, os.path.join(peers, "mlp_numpy.py"), "--epochs", e], env_blas)),
    "torch": (ours_mlp, ([py, os.path.join(peers, "mlp_torch.py"), "--threads", t, "--epochs", e], env_torch)),
    "sklearn": (ours_mlp, ([py, os.path.join(peers, "mlp_sklearn.py"), "--epochs", e], env_blas)),
    "djl": (ours_mlp, ([os.path.join(shared, "bench", "peers-java", "run.sh"), "djl", "--threads", t, "--epochs", e], os.environ)),
    "dl4j": (ours_mlp, ([os.path.join(shared, "bench", "peers-java", "run.sh"), "dl4j", "--threads", t, "--epochs", e], os.environ)),
    "smile": (ours_mlp, ([os.path.join(shared, "bench", "peers-java", "run.sh"), "smile", "--threads", t, "--epochs", e], os.environ)),
    "gemm": ((bench + ["gemm", "--threads", t], os.environ), ([py, os.path.join(peers, "gemm_numpy.py")], env_blas)),
    "gemm-mlp": ((bench + ["gemm", "--threads", t, "64"], os.environ), ([py, os.path.join(here, "gemm_shapes_numpy.py")], env_blas)),
    "self": (ours_mlp, (bench + ["mlp", "--threads", "1", "--epochs", e], os.environ)),
}
if a.peer == "jdk17":
    homes = jdk_homes()
    if 17 not in homes or max(homes) == 17:
        sys.exit(f"jdk17 needs Java 17 and a newer JDK; found {homes}")
    runs["jdk17"] = ((ours_mlp[0], dict(os.environ, JAVA_HOME=homes[max(homes)])),
                     (ours_mlp[0], dict(os.environ, JAVA_HOME=homes[17])))
if a.peer == "build":
    if not a.other:
        sys.exit("build needs --other ROOT, the root of another build with bin/neurite-bench")
    runs["build"] = (ours_mlp, ([os.path.join(os.path.abspath(a.other), "bin", "neurite-bench"), "mlp", "--threads", t, "--epochs", e],
                                os.environ))
if a.peer not in runs:
    sys.exit(f"unknown peer {a.peer}; known: {', '.join(runs)}")
(ours_cmd, ours_env), (peer_cmd, peer_env) = runs[a.peer]


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[prefix + k] = float(v)
    return out


HIGHER = ("samples_per_s", "gflops", "accuracy")
LOWER = ("latency", "epoch_s")
ours, theirs = [], []
for i in range(a.rounds):
    ours.append(run(ours_cmd, ours_env))
    theirs.append(run(peer_cmd, peer_env))
    print(f"round {i + 1}: ours {json.dumps(ours[-1])}\n         peer {json.dumps(theirs[-1])}", file=sys.stderr)
print(f"Neurite ({ours[0].get('system')}) against {theirs[0].get('system')}, {a.rounds} alternating rounds, threads {t}")
print(f"{'figure':34} {'ours (median)':>14} {'peer (median)':>14} {'ratio median':>13} {'ratio range':>17}")
keys = [k for k in flatten(ours[0]) if k in flatten(theirs[0])]
for k in keys:
    if not (any(h in k for h in HIGHER) or any(l in k for l in LOWER)) or k in ("threads", "batch", "epochs"):
        continue
    o = [flatten(r)[k] for r in ours]
    q = [flatten(r)[k] for r in theirs]
    better_high = any(h in k for h in HIGHER)
    ratios = [(x / y if better_high else y / x) if x and y else float("nan") for x, y in zip(o, q)]
    print(f"{k:34} {statistics.median(o):14.4g} {statistics.median(q):14.4g} {statistics.median(ratios):12.2f}x "
          f"{min(ratios):7.2f}–{max(ratios):.2f}x")
