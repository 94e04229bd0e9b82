"""Tests of the tables benchmark's scripts (repeated splits, the results file, the paired report).
Run from this folder with Debian's python: /usr/bin/python3 -m unittest test_tables
They need python3-sklearn and python3-pandas, not R nor the prepared data, nor a Neurite build."""
import json, math, os, subprocess, sys, tempfile, unittest
import numpy as np
import pandas as pd

import prepare, report, run, tables

here = os.path.dirname(os.path.abspath(__file__))


class PrepareTest(unittest.TestCase):
    def prepare(self, splits):
        data = tempfile.mkdtemp()
        saved = prepare.TABLES
        prepare.TABLES = {"breast_cancer": tables.TABLES["breast_cancer"], "diabetes": tables.TABLES["diabetes"]}
        try:
            prepare.main("unused: scikit-learn's sets need no raw folder", data, splits)
        finally:
            prepare.TABLES = saved
        return data

    def test_split_zero_is_the_original_split_and_the_others_differ(self):
        from sklearn.model_selection import train_test_split
        data = self.prepare(3)
        frame = prepare.load("sklearn:breast_cancer", None)
        train, _ = train_test_split(frame, test_size=0.25, random_state=20, stratify=frame["y"])
        zero = pd.read_csv(os.path.join(data, "breast_cancer", "train.csv"))
        np.testing.assert_array_equal(zero.to_numpy(), train.to_numpy())
        self.assertEqual(tables.split_folder(data, "breast_cancer", 0), os.path.join(data, "breast_cancer"))
        tests = [pd.read_csv(os.path.join(tables.split_folder(data, "breast_cancer", k), "test.csv")) for k in range(3)]
        for k in (1, 2):
            self.assertEqual(len(tests[k]), len(tests[0]))
            self.assertFalse(tests[k].equals(tests[0]), f"split {k} has the same test rows as split 0")
            # stratified: each class's share of the test rows as in split 0, within one row
            self.assertLessEqual(abs(int((tests[k]["y"] == 1).sum()) - int((tests[0]["y"] == 1).sum())), 1)
            train_k = pd.read_csv(os.path.join(tables.split_folder(data, "breast_cancer", k), "train.csv"))
            self.assertEqual(len(train_k) + len(tests[k]), len(frame))
        self.assertEqual(tables.prepared_splits(data), 3)
        self.assertFalse(os.path.exists(os.path.join(data, "diabetes", "split3")))

    def test_at_least_one_split(self):
        with self.assertRaises(SystemExit) as e:
            prepare.main("raw", tempfile.mkdtemp(), 0)
        self.assertIn("got 0", str(e.exception))

    def test_data_from_before_repeated_splits_has_one(self):
        data = tempfile.mkdtemp()
        with open(os.path.join(data, "tables.json"), "w") as f:
            json.dump({"diabetes": {"rows": 442}}, f)
        self.assertEqual(tables.prepared_splits(data), 1)


class MergeTest(unittest.TestCase):
    def test_a_result_from_before_repeated_splits_becomes_split_zero(self):
        out = os.path.join(tempfile.mkdtemp(), "results.json")
        with open(out, "w") as f:
            json.dump({"ozone": {"hgb": {"r2": 0.77, "rmse": 3.9, "fit_s": 1.0}}}, f)
        run.merge(out, "ozone", "hgb", 2, {"r2": 0.70, "rmse": 4.1, "fit_s": 1.1})
        run.merge(out, "ozone", "tuned", 0, {"r2": 0.6, "rmse": 4.5, "fit_s": 2.0}, "--layers 8")
        run.merge(out, "ozone", "tuned", 0, {"r2": 0.65, "rmse": 4.4, "fit_s": 2.0}, "--layers 8")
        results = json.load(open(out))
        self.assertEqual(results["ozone"]["hgb"], {"splits": {"0": {"r2": 0.77, "rmse": 3.9, "fit_s": 1.0},
                                                              "2": {"r2": 0.70, "rmse": 4.1, "fit_s": 1.1}}})
        self.assertEqual(results["ozone"]["tuned"]["splits"], {"0": {"r2": 0.65, "rmse": 4.4, "fit_s": 2.0}})
        self.assertEqual(results["ozone"]["tuned"]["neurite_args"], "--layers 8")
        self.assertEqual(tables.per_split(results["ozone"]["hgb"])[2]["r2"], 0.70)


class LabelTest(unittest.TestCase):
    def test_other_neurite_args_under_one_label_are_refused_unless_replaced(self):
        out = os.path.join(tempfile.mkdtemp(), "results.json")
        run.merge(out, "ozone", "mine", 0, {"r2": 0.6}, "--layers 8")
        run.merge(out, "ozone", "hgb", 0, {"r2": 0.7})
        run.check_label(out, ["ozone"], "mine", "--layers 8", False)  # the same args: fine
        run.check_label(out, ["ozone"], "other", "--layers 16", False)  # another label: fine
        with self.assertRaises(SystemExit) as e:
            run.check_label(out, ["ozone"], "mine", "--layers 16", False)
        self.assertIn("'--layers 8', not '--layers 16'", str(e.exception))
        run.check_label(out, ["ozone"], "mine", "--layers 16", True)
        self.assertEqual(sorted(json.load(open(out))["ozone"]), ["hgb"])


class RunArgumentsTest(unittest.TestCase):
    def run_py(self, *args):
        return subprocess.run([sys.executable, "run.py", *args], cwd=here, capture_output=True, text=True)

    def test_more_splits_than_prepared_is_refused_with_the_numbers(self):
        data = tempfile.mkdtemp()
        with open(os.path.join(data, "tables.json"), "w") as f:
            json.dump({"_splits": {"count": 2, "seeds": [20, 21]}}, f)
        r = self.run_py("--data", data, "--splits", "3", "--tools", "hgb")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("between 1 and the 2 split(s)", r.stderr)
        self.assertIn("got 3", r.stderr)
        r = self.run_py("--data", data, "--splits", "0", "--tools", "hgb")
        self.assertIn("got 0", r.stderr)
        r = self.run_py("--data", data, "--tools", "hgb,xgb")
        self.assertIn("unknown tool 'xgb'", r.stderr)

    def test_every_split_is_run_and_kept(self):
        data = tempfile.mkdtemp()
        saved = prepare.TABLES
        prepare.TABLES = {"diabetes": tables.TABLES["diabetes"]}
        try:
            prepare.main("unused", data, 3)
        finally:
            prepare.TABLES = saved
        out = os.path.join(data, "r.json")
        r = self.run_py("--data", data, "--tools", "linear", "--tables", "diabetes", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        splits = json.load(open(out))["diabetes"]["linear"]["splits"]
        self.assertEqual(sorted(splits), ["0", "1", "2"])
        self.assertEqual(len({round(m["r2"], 9) for m in splits.values()}), 3, splits)
        r = self.run_py("--data", data, "--tools", "hgb", "--tables", "diabetes", "--out", out, "--splits", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(json.load(open(out))["diabetes"]["hgb"]["splits"]), ["0"])


class PairedTest(unittest.TestCase):
    def results(self, a, b, metric="accuracy"):
        """Two tools on tables t0, t1 ... (classification tables of TABLES, by name)."""
        names = [t for t, s in tables.TABLES.items() if s[2] == "classification"]
        return {names[i]: {"x": {"splits": {str(k): {metric: v} for k, v in enumerate(a[i])}},
                           "hgb": {"splits": {str(k): {metric: v} for k, v in enumerate(b[i])}}}
                for i in range(len(a))}, names[:len(a)]

    def test_mean_standard_error_and_wins(self):
        results, names = self.results([[0.9, 0.8, 0.7], [0.5, 0.5, 0.6]], [[0.8, 0.8, 0.6], [0.6, 0.5, 0.4]])
        delta, se, wins, ties, pairs = report.paired(results, names, "x", "hgb", "accuracy", None)
        d0, d1 = np.array([0.1, 0.0, 0.1]), np.array([-0.1, 0.0, 0.2])
        self.assertAlmostEqual(delta, (d0.mean() + d1.mean()) / 2)
        c = 1 / 3 + 1 / 3  # 1/J + test/train
        self.assertAlmostEqual(se, math.sqrt(c * d0.var(ddof=1) + c * d1.var(ddof=1)) / 2)
        self.assertEqual((wins, ties, pairs), (3, 2, 6))

    def test_only_the_pairs_both_have_and_the_first_splits(self):
        results, names = self.results([[0.9, 0.8, 0.7]], [[0.8, 0.6]])
        self.assertEqual(report.paired(results, names, "x", "hgb", "accuracy", None)[2:], (2, 0, 2))
        delta, se, wins, ties, pairs = report.paired(results, names, "x", "hgb", "accuracy", 1)
        self.assertAlmostEqual(delta, 0.1)
        self.assertIsNone(se)  # one split: no variance to estimate
        self.assertIn("(1 split)", report.fmt_gap((delta, se, wins, ties, pairs)))

    def test_a_smaller_rmse_wins(self):
        results, names = self.results([[3.0, 4.0]], [[3.5, 3.9]], "rmse")
        delta, se, wins, ties, pairs = report.paired(results, names, "x", "hgb", "rmse", None)
        self.assertAlmostEqual(delta, -0.2)
        self.assertEqual(wins, 1)

    def test_report_prints_mean_and_spread(self):
        results, names = self.results([[0.9, 0.8]], [[0.8, 0.8]])
        path = os.path.join(tempfile.mkdtemp(), "r.json")
        with open(path, "w") as f:
            json.dump(results, f)
        r = subprocess.run([sys.executable, "report.py", path, "--tools", "hgb,x"], cwd=here, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"| {names[0]} | 0.800 ± 0.000 | 0.850 ± 0.071 |", r.stdout)
        self.assertIn("+0.050 ± ", r.stdout)
        self.assertIn("wins 1/2 (1 tie)", r.stdout)


if __name__ == "__main__":
    unittest.main()
