"""Writes the tables benchmark's results (run.py's JSON) as Markdown tables: one row per table with
every tool side by side, then the means per task type and the gap to HistGradientBoosting, for the
tuning tables and the held-out ones separately.

  /usr/bin/python3 report.py [RESULTS.json] [--tools hgb,linear,mlp,neurite]"""
import argparse, json, os
import numpy as np
from tables import TABLES, default_data

NAMES = {"hgb": "HGB", "linear": "logistic / ridge", "mlp": "sklearn MLP"}


def cell(m, task):
    if m is None:
        return "–"
    if task == "regression":
        return f"{m['r2']:.3f} / {m['rmse']:.4g}"
    return f"{m['accuracy']:.3f} / {m['f1_macro']:.3f}" + (f" / {m['roc_auc']:.3f}" if "roc_auc" in m else "")


def section(results, tools, held_out, lines):
    for task, head in (("classification", "accuracy / macro-F1 / ROC-AUC (binary)"), ("regression", "R² / RMSE")):
        tables = [t for t, spec in TABLES.items() if spec[2] == task and spec[4] == held_out and t in results]
        if not tables:
            continue
        lines.append(f"\n**{'Held-out' if held_out else 'Tuning'} tables, {task}** ({head}; fit seconds)\n")
        lines.append("| table | " + " | ".join(NAMES.get(t, t) for t in tools) + " | " + " | ".join(f"{NAMES.get(t, t)} s" for t in tools) + " |")
        lines.append("|---" * (1 + 2 * len(tools)) + "|")
        for t in tables:
            r = results[t]
            lines.append(f"| {t} | " + " | ".join(cell(r.get(x), task) for x in tools) + " | "
                         + " | ".join(f"{r[x]['fit_s']:.1f}" if x in r else "–" for x in tools) + " |")
        keys = ["r2"] if task == "regression" else ["accuracy", "f1_macro", "roc_auc", "log_loss"]
        for key in keys:
            means = {}
            for x in tools:
                values = [results[t][x][key] for t in tables if x in results[t] and key in results[t][x]]
                if values and len(values) == sum(1 for t in tables if key in results[t].get("hgb", {key: 0})):
                    means[x] = float(np.mean(values))
            if not means:
                continue
            row = [f"{means[x]:.3f}" if x in means else "–" for x in tools]
            lines.append(f"| **mean {key}** | " + " | ".join(row) + " | " + " | ".join(
                f"{sum(results[t][x]['fit_s'] for t in tables if x in results[t]):.1f} total" if key == keys[0] else "" for x in tools) + " |")
            if "hgb" in means:
                lines.append(f"| gap to HGB ({key}) | " + " | ".join(
                    f"{means[x] - means['hgb']:+.3f}" if x in means else "–" for x in tools) + " |" + " |" * len(tools))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results", nargs="?", default=os.path.join(default_data, "results.json"))
    p.add_argument("--tools", default="hgb,linear,mlp,neurite")
    a = p.parse_args()
    results = json.load(open(a.results))
    tools = a.tools.split(",")
    lines = []
    section(results, tools, False, lines)
    section(results, tools, True, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
