"""Writes the fixed train/test splits of the tables benchmark: DATA/NAME/train.csv and test.csv
(75/25, stratified for classes, seed 20), from scikit-learn's bundled sets and the CSV files that
export_r.R wrote into RAW. Run by prepare.sh with Debian's /usr/bin/python3."""
import json, os, sys
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.model_selection import train_test_split
from tables import TABLES, default_data

SEED = 20


def load(source, raw):
    kind, name = source.split(":")
    if kind == "sklearn":
        bunch = getattr(datasets, "load_" + name)()
        frame = pd.DataFrame(bunch.data, columns=[f"x{i + 1}" for i in range(bunch.data.shape[1])])
        frame["y"] = bunch.target
        return frame
    return pd.read_csv(os.path.join(raw, name + ".csv"), keep_default_na=False, na_values=[""])


def main(raw, data):
    summary = {}
    for name, (source, target, task, dropped, held_out) in TABLES.items():
        frame = load(source, raw).drop(columns=dropped)
        frame = frame[frame[target].notna()].reset_index(drop=True)
        train, test = train_test_split(frame, test_size=0.25, random_state=SEED,
                                       stratify=frame[target] if task == "classification" else None)
        folder = os.path.join(data, name)
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
        json.dump(summary, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: prepare.py RAW_FOLDER [DATA_FOLDER]")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else default_data)
