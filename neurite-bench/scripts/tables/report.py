"""Writes the tables benchmark's results (run.py's JSON) as Markdown: first a summary (per set and
metric: each tool's mean over tables, and its paired difference to a base tool over tables x
splits with a standard error and a win count), then one table per set and metric with each
table's mean ± standard deviation over the splits.

  /usr/bin/python3 report.py [RESULTS.json] [--tools hgb,linear,mlp,neurite] [--base hgb]
                             [--metrics accuracy,f1_macro,roc_auc,r2] [--splits N]

The paired difference to the base: d[t,k] = tool - base on table t, split k, over the pairs both
have. Δ is the mean of the per-table means of d (the mean of all d when every table has the same
splits). Its ± is the standard error from the split-to-split noise, the tables held fixed:
SE = sqrt(sum_t c_t s_t²) / T, with s_t² the variance of d over table t's splits and
c_t = 1/J_t + n_test/n_train, the Nadeau-Bengio correction for random splits that share training
rows (J_t splits; 1/J_t alone would understate the noise). A table with one split gives no
variance, so its SE is left out and Δ is marked "(1 split)". "wins" counts the pairs where the
tool scores higher than the base (ties apart)."""
import argparse, json, math, os
import numpy as np
from tables import TABLES, default_data, per_split

NAMES = {"hgb": "HGB", "linear": "logistic / ridge", "mlp": "sklearn MLP"}
TEST_OVER_TRAIN = 0.25 / 0.75  # prepare.py's 75/25 splits
METRICS = {"classification": ["accuracy", "f1_macro", "roc_auc", "log_loss"], "regression": ["r2", "rmse"]}
LOWER_IS_BETTER = {"rmse", "log_loss"}  # for these a win is a smaller value


def scores(results, table, tool, metric, splits):
    """{split: value} of one tool on one table, the first `splits` splits (all if None)."""
    entry = results.get(table, {}).get(tool)
    if entry is None:
        return {}
    return {k: m[metric] for k, m in per_split(entry).items()
            if metric in m and (splits is None or k < splits)}


def paired(results, tables, tool, base, metric, splits):
    """(Δ, SE or None, wins, ties, pairs) of tool - base over tables x splits; None if no pair."""
    means, variances, wins, ties, pairs = [], [], 0, 0, 0
    for t in tables:
        a, b = scores(results, t, tool, metric, splits), scores(results, t, base, metric, splits)
        d = np.array([a[k] - b[k] for k in sorted(a) if k in b])
        if len(d) == 0:
            continue
        if metric in LOWER_IS_BETTER:  # a win is a smaller error
            d = -d
        means.append(d.mean())
        variances.append((1 / len(d) + TEST_OVER_TRAIN) * d.var(ddof=1) if len(d) > 1 else None)
        wins += int((d > 1e-12).sum())
        ties += int((abs(d) <= 1e-12).sum())
        pairs += len(d)
    if not means:
        return None
    se = None if None in variances else math.sqrt(sum(variances)) / len(means)
    delta = float(np.mean(means))
    return (-delta if metric in LOWER_IS_BETTER else delta), se, wins, ties, pairs


def fmt_gap(g):
    if g is None:
        return "–"
    delta, se, wins, ties, pairs = g
    spread = f" ± {se:.3f}" if se is not None else " (1 split)"
    return f"{delta:+.3f}{spread}, wins {wins}/{pairs}" + (f" ({ties} tie{'s' if ties > 1 else ''})" if ties else "")


def fmt_value(v, metric):
    return f"{v:.4g}" if metric == "rmse" else f"{v:.3f}"


def sets(results, held_out, task):
    return [t for t, spec in TABLES.items() if spec[2] == task and spec[4] == held_out and t in results]


def with_metric(results, tables, tools, metric, splits):
    """The tables where some tool has the metric (ROC-AUC: the two-class ones)."""
    return [t for t in tables if any(scores(results, t, x, metric, splits) for x in tools)]


def set_mean(results, tables, tool, metric, splits):
    """The mean over tables of the tool's mean over splits; None unless it has every table."""
    per_table = [scores(results, t, tool, metric, splits) for t in tables]
    if not per_table or any(not v for v in per_table):
        return None
    return float(np.mean([np.mean(list(v.values())) for v in per_table]))


def summary(results, tools, base, metrics, splits, lines):
    lines.append(f"\n**Summary**: mean over the set's tables of the mean over splits; "
                 f"Δ = paired difference to {NAMES.get(base, base)} over tables × splits ± its standard error\n")
    lines.append("| set | metric | " + " | ".join(NAMES.get(x, x) for x in tools) + " |")
    lines.append("|---|---|" + "---|" * len(tools))
    for held_out in (False, True):
        for task in ("classification", "regression"):
            for metric in [m for m in METRICS[task] if m in metrics and m != "rmse"]:
                tables = with_metric(results, sets(results, held_out, task), tools, metric, splits)
                cells = []
                for x in tools:
                    mean = set_mean(results, tables, x, metric, splits)
                    g = paired(results, tables, x, base, metric, splits) if x != base else None
                    cell = fmt_value(mean, metric) if mean is not None else "–"
                    if g is not None:
                        cell += f" (Δ {fmt_gap(g)})"
                    cells.append(cell)
                if tables:
                    lines.append(f"| {'held-out' if held_out else 'tuning'} {task} ({len(tables)}) | {metric} | "
                                 + " | ".join(cells) + " |")


def section(results, tools, base, metrics, splits, held_out, lines):
    for task in ("classification", "regression"):
        tables = sets(results, held_out, task)
        for metric in [m for m in METRICS[task] if m in metrics]:
            rows = with_metric(results, tables, tools, metric, splits)
            if not rows:
                continue
            lines.append(f"\n**{'Held-out' if held_out else 'Tuning'} tables, {task}: {metric}** "
                         f"(mean ± standard deviation over splits; (n=K) where a tool has fewer splits than the most)\n")
            lines.append("| table | " + " | ".join(NAMES.get(x, x) for x in tools) + " |")
            lines.append("|---" * (1 + len(tools)) + "|")
            for t in rows:
                per_tool = {x: scores(results, t, x, metric, splits) for x in tools}
                most = max(len(v) for v in per_tool.values())
                cells = []
                for x in tools:
                    v = np.array(list(per_tool[x].values()))
                    if len(v) == 0:
                        cells.append("–")
                        continue
                    cell = fmt_value(v.mean(), metric) + (f" ± {fmt_value(v.std(ddof=1), metric)}" if len(v) > 1 else "")
                    cells.append(cell + (f" (n={len(v)})" if len(v) < most else ""))
                lines.append(f"| {t} | " + " | ".join(cells) + " |")
            means = [set_mean(results, rows, x, metric, splits) for x in tools]
            lines.append("| **mean** | " + " | ".join(fmt_value(m, metric) if m is not None else "–" for m in means) + " |")
            lines.append(f"| Δ to {NAMES.get(base, base)}, paired | " + " | ".join(
                "" if x == base else fmt_gap(paired(results, rows, x, base, metric, splits)) for x in tools) + " |")
            if metric == METRICS[task][0]:
                fit = []
                for x in tools:
                    times = [[m["fit_s"] for k, m in per_split(results[t][x]).items()
                              if "fit_s" in m and (splits is None or k < splits)] for t in rows if x in results[t]]
                    fit.append(f"{sum(np.mean(v) for v in times):.1f}" if times and all(times) else "–")
                lines.append("| fit s (sum over tables, mean over splits) | " + " | ".join(fit) + " |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", nargs="?", default=os.path.join(default_data, "results.json"))
    p.add_argument("--tools", default="hgb,linear,mlp,neurite")
    p.add_argument("--base", default="hgb", help="the tool every other is compared with, pair by pair (default hgb)")
    p.add_argument("--metrics", default="accuracy,f1_macro,roc_auc,r2",
                   help="of accuracy, f1_macro, roc_auc, log_loss, r2, rmse (default: accuracy, f1_macro, roc_auc, r2)")
    p.add_argument("--splits", type=int, default=None, help="use only the first N splits (default: all there are)")
    p.add_argument("--summary-only", action="store_true", help="print only the summary table")
    a = p.parse_args()
    results = json.load(open(a.results))
    tools = a.tools.split(",")
    metrics = a.metrics.split(",")
    known = {m for ms in METRICS.values() for m in ms}
    for m in metrics:
        if m not in known:
            p.error(f"unknown metric '{m}'; known: {', '.join(sorted(known))}")
    if a.splits is not None and a.splits < 1:
        p.error(f"--splits must be at least 1, got {a.splits}")
    if a.base not in tools:
        tools = [a.base] + tools
    lines = []
    summary(results, tools, a.base, metrics, a.splits, lines)
    if not a.summary_only:
        section(results, tools, a.base, metrics, a.splits, False, lines)
        section(results, tools, a.base, metrics, a.splits, True, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
