"""Writes the fixed train/test splits of the tables benchmark (75/25, stratified for classes), from
scikit-learn's bundled sets and the CSV files that export_r.R wrote into RAW. Run by prepare.sh
with Debian's /usr/bin/python3.

  prepare.py RAW [DATA] [--splits S]     (S = 5 unless said)

Split 0 is DATA/NAME/train.csv and test.csv with seed 20 (the benchmark's original single split,
so results from before repeated splits stay comparable); split k >= 1 is DATA/NAME/splitK/train.csv
and test.csv with seed 20 + k. tables.json records the number of splits."""
import argparse, json, os, sys
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.model_selection import train_test_split
from tables import TABLES, default_data, split_folder

SEED = 20


def load(source, raw):
    kind, name = source.split(":")
    if kind == "sklearn":
        bunch = getattr(datasets, "load_" + name)()
        frame = pd.DataFrame(bunch.data, columns=[f"x{i + 1}" for i in range(bunch.data.shape[1])])
        frame["y"] = bunch.target
        return frame
    return pd.read_csv(os.path.join(raw, name + ".csv"), keep_default_na=False, na_values=[""])


def main(raw, data, splits=5):
    if splits < 1:
        sys.exit(f"prepare.py: --splits must be at least 1, got {splits}")
    summary = {}
    for name, (source, target, task, dropped, held_out) in TABLES.items():
        frame = load(source, raw).drop(columns=dropped)
        frame = frame[frame[target].notna()].reset_index(drop=True)
        for k in range(splits):
            train, test = train_test_split(frame, test_size=0.25, random_state=SEED + k,
                                           stratify=frame[target] if task == "classification" else None)
            folder = split_folder(data, name, k)
            os.makedirs(folder, exist_ok=True)
            train.to_csv(os.path.join(folder, "train.csv"), index=False)
            test.to_csv(os.path.join(folder, "test.csv"), index=False)
        features = frame.drop(columns=[target])
        summary[name] = dict(rows=len(frame), train=len(train), test=len(test), features=features.shape[1],
                             text_columns=int((features.dtypes == object).sum()),
                             missing_cells=int(features.isna().sum().sum()),
                             classes=int(frame[target].nunique()) if task == "classification" else None,
                             smallest_class=round(float(frame[target].value_counts(normalize=True).min()), 3)
                             if task == "classification" else None)
        print(name, summary[name])
    with open(os.path.join(data, "tables.json"), "w") as f:
        json.dump(dict(summary, _splits=dict(count=splits, seeds=[SEED + k for k in range(splits)])), f, indent=1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", help="the folder export_r.R wrote")
    parser.add_argument("data", nargs="?", default=default_data)
    parser.add_argument("--splits", type=int, default=5, help="train/test splits per table (default 5)")
    a = parser.parse_args()
    main(a.raw, a.data, a.splits)
