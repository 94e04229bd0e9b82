"""The tables of `neurite-bench tables`: where each comes from, its target and task, the columns
left out, and whether it is held out (never used to choose Neurite's defaults)."""
import os

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
