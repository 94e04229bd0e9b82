"""The default thread count against 1 on small tables, for this build and another one, alternating.

For each round and each case (table, batch), runs `neurite-bench small` (N threads against 1 in
one JVM) of this build, then of the other build's, and prints each build's N-thread / 1-thread
ratio (median of the runs' medians, and the range). With --cli, also times `neurite train` end
to end (JVM start included; default threads, then --threads 1) for each build.

usage: python3 small.py [--other ROOT] [--rounds 3] [--cli | --cli-only]
ROOT: the root of another checkout or copy with bin/ and built jars (e.g. main's, built).
Run from the repository root after `mvn -q -DskipTests package`; writes the 50-column table to
/tmp with table50.py.
"""
import argparse, json, os, statistics, subprocess, sys, time

from benchrun import here, py, root, run

p = argparse.ArgumentParser()
p.add_argument("--other", help="root of another build to run alongside")
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--bench-rounds", default="10")
p.add_argument("--cli", action="store_true")
p.add_argument("--cli-only", action="store_true", help="only the end-to-end timings, of bundled:digits at batches 32 and 128 and the 50-column table at 32")
a = p.parse_args()
table50 = "/tmp/neurite-table50.csv"
if not os.path.exists(table50):
    subprocess.run([py, os.path.join(here, "table50.py"), table50], check=True)
cases = [("bundled:digits", None, "32"), ("bundled:digits", None, "128"), ("bundled:iris", None, "32"),
         (table50, "y", "32"), (table50, "y", "128")]
builds = [("this", root)] + ([("other", os.path.abspath(a.other))] if a.other else [])
ratios = {}
walls = {}
cli_cases = cases if not a.cli_only else [cases[0], cases[1], cases[3]]
for r in range(a.rounds):
    for data, target, batch in ([] if a.cli_only else cases):
        for name, base in builds:
            cmd = [os.path.join(base, "bin", "neurite-bench"), "small", "--data", data, "--batch", batch, "--rounds", a.bench_rounds]
            if target:
                cmd += ["--target", target]
            out = run(cmd, os.environ)
            ratios.setdefault((data, batch, name), []).append(out)
            print(f"round {r + 1} {name} {data} batch {batch}: {json.dumps(out)}", file=sys.stderr)
    if a.cli or a.cli_only:
        for data, target, batch in cli_cases:
            for name, base in builds:
                for threads in ([], ["--threads", "1"]):
                    cmd = [os.path.join(base, "bin", "neurite"), "train", "--data", data, "--out", "/tmp/neurite-small.model",
                           "--progress", "none", "--batch-size", batch] + (["--target", target] if target else []) + threads
                    t0 = time.perf_counter()
                    subprocess.run(cmd, check=True, capture_output=True)
                    walls.setdefault((data, batch, name, bool(threads)), []).append(time.perf_counter() - t0)
if ratios:
    print(f"{'table':28} {'batch':>5} {'build':>6} {'1 thread ex/s':>14} {'N threads ex/s':>15} {'N/1 median':>11} {'range':>12}")
for (data, batch, name), outs in ratios.items():  # empty with --cli-only
    one = statistics.median(o["examples_per_s_1_thread"] for o in outs)
    many = statistics.median(next(v for k, v in o.items() if k.startswith("examples_per_s_") and not k.endswith("_1_thread")) for o in outs)
    rs = [o["ratio_median"] for o in outs]
    same = all(o["same_bits"] for o in outs)
    print(f"{os.path.basename(data):28} {batch:>5} {name:>6} {one:14,.0f} {many:15,.0f} {statistics.median(rs):10.2f}x "
          f"{min(rs):5.2f}–{max(rs):.2f}x{'' if same else '  BITS DIFFER'}")
if walls:
    print(f"\n{'neurite train, wall s':28} {'batch':>5} {'build':>6} {'default':>9} {'--threads 1':>12} {'1/default':>10}")
    for data, target, batch in cli_cases:
        for name, _ in builds:
            d = statistics.median(walls[(data, batch, name, False)])
            o = statistics.median(walls[(data, batch, name, True)])
            print(f"{os.path.basename(data):28} {batch:>5} {name:>6} {d:9.2f} {o:12.2f} {o / d:9.2f}x")
