#!/usr/bin/python3
"""Prints scikit-learn's ROC-AUC, average precision, log-loss and curves for the fixed cases that
BinaryScoresTest hard-codes. Run with Debian's scikit-learn: /usr/bin/python3 this-file."""
import numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score, log_loss, roc_curve, precision_recall_curve

CASES = {
    # twelve examples, ties across classes (0.8, 0.4, 0.35) and within a class (0.1)
    "ties": ([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0],
             [0.9, 0.8, 0.8, 0.7, 0.4, 0.4, 0.4, 0.35, 0.35, 0.1, 0.1, 0.05]),
    # one positive among ten, ranked third
    "rare": ([0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
             [0.02, 0.5, 0.1, 0.03, 0.2, 0.3, 0.04, 0.6, 0.01, 0.05]),
}
for name, (y, s) in CASES.items():
    y = np.array(y); s = np.array(s)
    print(name, "roc_auc", repr(roc_auc_score(y, s)), "ap", repr(average_precision_score(y, s)),
          "log_loss", repr(log_loss(y, s, eps=1e-15)))
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    print("  fpr", fpr.tolist()); print("  tpr", tpr.tolist())
    p, r, _ = precision_recall_curve(y, s)
    print("  precision", p.tolist()); print("  recall", r.tolist())
