"""The tables of `neurite-bench tables`: where each comes from, its target and task, the columns
left out, and whether it is held out (never used to choose Neurite's defaults)."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
default_data = os.path.join(root, "neurite-bench", "target", "tables")

# name: (source, target, task, columns dropped, held out)
# source "sklearn:NAME" is scikit-learn's bundled set (python3-sklearn); "r:FILE" a CSV that
# export_r.R writes from r-cran-mlbench or r-cran-modeldata.
TABLES = {
    "breast_cancer": ("sklearn:breast_cancer", "y", "classification", [], False),
    "digits":        ("sklearn:digits", "y", "classification", [], False),
    "credit":        ("r:credit", "Status", "classification", [], False),
    "attrition":     ("r:attrition", "Attrition", "classification", [], False),
    "letter":        ("r:letter", "lettr", "classification", [], False),
    "vehicle":       ("r:vehicle", "Class", "classification", [], False),
    "concrete":      ("r:concrete", "compressive_strength", "regression", [], False),
    "ames":          ("r:ames", "Sale_Price", "regression", [], False),
    "boston":        ("r:boston", "cmedv", "regression", ["medv", "tract"], False),  # medv: the uncorrected target
    "diabetes":      ("sklearn:diabetes", "y", "regression", [], False),
    # held out: never looked at while choosing the defaults
    "pima":          ("r:pima", "diabetes", "classification", [], True),
    "soybean":       ("r:soybean", "Class", "classification", [], True),
    "churn":         ("r:churn", "churn", "classification", [], True),
    "sacramento":    ("r:sacramento", "price", "regression", [], True),
    "ozone":         ("r:ozone", "V4", "regression", [], True),
}


def split_folder(data, name, k):
    """Where split k of a table lives: split 0 in the table's own folder (the benchmark's original
    single split, seed 20), split k >= 1 in NAME/splitK (seed 20 + k)."""
    return os.path.join(data, name) if k == 0 else os.path.join(data, name, f"split{k}")


def prepared_splits(data):
    """How many splits prepare.py wrote into DATA: tables.json says; data prepared before repeated
    splits has one."""
    with open(os.path.join(data, "tables.json")) as f:
        return json.load(f).get("_splits", {}).get("count", 1)


def per_split(entry):
    """One tool's results on one table as {split: metrics}; a result written before repeated
    splits (the metrics themselves) is split 0."""
    if "splits" in entry:
        return {int(k): m for k, m in entry["splits"].items()}
    return {0: entry}
