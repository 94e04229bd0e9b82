"""`neurite-bench tables`: trains every tool on the fixed splits that prepare.sh wrote and scores
each on the test rows with the same metric code (this file), then writes the results as JSON.

  neurite-bench tables [--tools neurite,hgb,linear,mlp] [--tables a,b] [--splits N] [--label L] [--neurite-args '...']

--splits N runs the first N train/test splits of every table (default: all that prepare.sh wrote,
5 unless told otherwise; --splits 1 is the original single split, seed 20). The results file keeps
one score per split: RESULTS[table][label]["splits"]["K"] = metrics.

Neurite runs as a user would: `neurite train --data train.csv --target T --out m` with no other
option (unless --neurite-args), then `neurite predict`; its probabilities and values are read back
from the predictions file. The peers are Debian's scikit-learn: HistGradientBoosting with native
categoricals, a logistic / ridge pipeline, and an MLP (64, 32), all at their defaults."""
import argparse, fcntl, json, os, re, subprocess, sys, tempfile, time, warnings
import numpy as np
import pandas as pd
from tables import TABLES, default_data, root, split_folder, prepared_splits, per_split

# NEURITE_JAR runs another build of the CLI (e.g. a copy of the jar before a change) on the same JVM options.
neurite = os.path.join(root, "bin", "neurite")


def metrics(task, y_true, predicted, probabilities=None, labels=None):
    """accuracy, macro-F1, log-loss and (two classes) ROC-AUC; or R² and RMSE."""
    from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score, r2_score, mean_squared_error
    if task == "regression":
        y_true, predicted = np.asarray(y_true, float), np.asarray(predicted, float)
        return dict(r2=r2_score(y_true, predicted), rmse=float(np.sqrt(mean_squared_error(y_true, predicted))))
    y_true, predicted = np.asarray(y_true).astype(str), np.asarray(predicted).astype(str)
    out = dict(accuracy=accuracy_score(y_true, predicted), f1_macro=f1_score(y_true, predicted, average="macro"))
    # The mean negative log-probability of the true class (natural log; sklearn clips at 1e-15):
    # how well the probabilities are calibrated, which accuracy and AUC do not see.
    out["log_loss"] = log_loss(y_true, np.asarray(probabilities, float), labels=list(labels))
    if len(labels) == 2:
        positive = labels[1]
        out["roc_auc"] = roc_auc_score(y_true == positive, probabilities[:, 1])
    return out


def split(table, folder):
    _, target, task, _, _ = TABLES[table]
    train = pd.read_csv(os.path.join(folder, "train.csv"))
    test = pd.read_csv(os.path.join(folder, "test.csv"))
    return target, task, train, test


def labels_of(y):
    """The class labels in Neurite's order: sorted as numbers when every label is one, else as text."""
    values = sorted(set(np.asarray(y).astype(str)))
    try:
        return sorted(values, key=float)
    except ValueError:
        return values


def command():
    jar = os.environ.get("NEURITE_JAR")
    if not jar:
        return [neurite]
    jdk = subprocess.run([os.path.join(root, "bin", "find-jdk")], capture_output=True, text=True, check=True).stdout.strip()
    return [os.path.join(jdk, "bin", "java"), "--add-modules", "jdk.incubator.vector", "-XX:MaxRAMPercentage=70", "-jar", jar]


def run_neurite(table, folder, extra):
    target, task, train, test = split(table, folder)
    with tempfile.TemporaryDirectory() as tmp:
        model, predictions = os.path.join(tmp, "m.model"), os.path.join(tmp, "p.csv")
        cmd = command() + ["train", "--data", os.path.join(folder, "train.csv"), "--target", target, "--out", model] + extra
        start = time.perf_counter()
        r = subprocess.run(cmd + ["--progress", "none"], capture_output=True, text=True)
        wall = time.perf_counter() - start
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        trained = float(re.search(r"Trained in ([0-9.]+) s", r.stdout).group(1))
        p = subprocess.run(command() + ["predict", "--model", model, "--data", os.path.join(folder, "test.csv"),
                            "--out", predictions], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"neurite predict failed on {table}:\n{p.stderr[-2000:]}")
        out = pd.read_csv(predictions, dtype={"prediction": str})
    if task == "regression":
        m = metrics(task, test[target], out["prediction"].astype(float))
    else:
        columns = [c for c in out.columns if c.startswith("p_")]
        labels = [c[2:] for c in columns]
        prediction = out["prediction"].astype(str)
        truth = test[target].astype(str)
        m = metrics(task, truth, prediction, out[columns].to_numpy(), labels)
    m.update(fit_s=trained, command_s=wall)
    return m


def run_sklearn(tool, table, folder):
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
    target, task, train, test = split(table, folder)
    x_train, x_test = train.drop(columns=[target]), test.drop(columns=[target])
    text = [c for c in x_train.columns if x_train[c].dtype == object]
    numeric = [c for c in x_train.columns if c not in text]
    classify = task == "classification"
    y_train = train[target].astype(str) if classify else train[target].astype(float)
    if tool == "hgb":
        encode = ColumnTransformer([("text", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan), text)],
                                   remainder="passthrough")
        mask = [True] * len(text) + [False] * len(numeric)
        model = HistGradientBoostingClassifier(categorical_features=mask, random_state=0) if classify \
            else HistGradientBoostingRegressor(categorical_features=mask, random_state=0)
        pipeline = make_pipeline(encode, model)
    else:
        encode = ColumnTransformer([
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            ("text", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                   OneHotEncoder(handle_unknown="ignore", sparse_output=False)), text)])
        if tool == "linear":
            model = LogisticRegression(max_iter=2000) if classify else Ridge()
        else:  # the target scaled for the regressor, as Neurite does, or large targets never fit
            model = MLPClassifier((64, 32), random_state=0) if classify \
                else TransformedTargetRegressor(MLPRegressor((64, 32), random_state=0), transformer=StandardScaler())
        pipeline = make_pipeline(encode, model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        pipeline.fit(x_train, y_train)
        fit = time.perf_counter() - start
    if classify:
        probabilities = pipeline.predict_proba(x_test)
        labels = list(pipeline.classes_)
        order = labels_of(labels)  # the positive class is the second in Neurite's order
        probabilities = probabilities[:, [labels.index(l) for l in order]]
        m = metrics(task, test[target].astype(str), pipeline.predict(x_test), probabilities, order)
    else:
        m = metrics(task, test[target], pipeline.predict(x_test))
    m.update(fit_s=fit)
    return m


def merge(out, table, tool, k, m, args=None):
    """Adds the result of one tool on split k of a table to the JSON file, re-read under a lock:
    several runs may write it at once. A result written before repeated splits becomes split 0."""
    with open(out + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = json.load(open(out)) if os.path.exists(out) else {}
        old = results.setdefault(table, {}).get(tool)
        entry = {"splits": {str(s): r for s, r in per_split(old).items()}} if old else {"splits": {}}
        entry["splits"][str(k)] = m
        entry["splits"] = dict(sorted(entry["splits"].items(), key=lambda kv: int(kv[0])))
        if args is not None:
            entry["neurite_args"] = args
        results[table][tool] = entry
        with open(out + ".tmp", "w") as f:
            json.dump(results, f, indent=1)
        os.replace(out + ".tmp", out)


def check_label(out, tables, label, args, replace):
    """Refuses to mix, under one label, splits trained with other --neurite-args (the scores would
    be averaged as one column); --replace first drops the label's earlier results on these tables."""
    with open(out + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = json.load(open(out)) if os.path.exists(out) else {}
        if replace:
            for t in tables:
                results.get(t, {}).pop(label, None)
            with open(out + ".tmp", "w") as f:
                json.dump(results, f, indent=1)
            os.replace(out + ".tmp", out)
            return
        for t in tables:
            before = results.get(t, {}).get(label, {}).get("neurite_args")
            if before is not None and before != args:
                sys.exit(f"{out} has '{label}' on {t} trained with --neurite-args '{before}', not '{args}': "
                         f"choose another --label, or --replace to drop its earlier results")


def done(out, table, name, k):
    """Whether the results file holds split k of this table for this tool."""
    if not os.path.isfile(out):
        return False
    with open(out) as f:
        old = json.load(f).get(table, {}).get(name)
    return bool(old) and str(k) in {str(s) for s in per_split(old)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=default_data, help="the folder prepare.sh wrote")
    parser.add_argument("--tools", default="neurite,hgb,linear,mlp")
    parser.add_argument("--tables", default=",".join(TABLES), help="comma-separated; 'tuning' or 'held-out' for those sets")
    parser.add_argument("--splits", type=int, default=None,
                        help="run the first N splits of each table (default: all prepared, see prepare.sh)")
    parser.add_argument("--neurite-args", default="", help="options added to neurite train (default: none)")
    parser.add_argument("--label", default=None, help="the name of Neurite's column in the results (default: neurite)")
    parser.add_argument("--out", default=None, help="JSON file to merge the results into (default: DATA/results.json)")
    parser.add_argument("--replace", action="store_true",
                        help="drop Neurite's label's earlier results on these tables first (else other --neurite-args are refused)")
    parser.add_argument("--missing-only", action="store_true",
                        help="skip each table, split and tool that the results file already holds (to finish an interrupted run)")
    a = parser.parse_args()
    if not os.path.isfile(os.path.join(a.data, "tables.json")):
        sys.exit(f"{a.data} has no prepared tables; run neurite-bench/scripts/tables/prepare.sh first")
    names = {"tuning": [t for t in TABLES if not TABLES[t][4]], "held-out": [t for t in TABLES if TABLES[t][4]]}
    tables = names.get(a.tables) or a.tables.split(",")
    for t in tables:
        if t not in TABLES:
            sys.exit(f"unknown table '{t}'; known: {', '.join(TABLES)}")
    prepared = prepared_splits(a.data)
    splits = prepared if a.splits is None else a.splits
    if not 1 <= splits <= prepared:
        sys.exit(f"--splits must be between 1 and the {prepared} split(s) prepared in {a.data}, got {a.splits}"
                 + ("; prepare more with prepare.sh --splits S" if splits > prepared else ""))
    tools = a.tools.split(",")
    for tool in tools:
        if tool not in ("neurite", "hgb", "linear", "mlp"):
            sys.exit(f"unknown tool '{tool}'; known: neurite, hgb, linear, mlp")
    out = a.out or os.path.join(a.data, "results.json")
    if "neurite" in tools:
        check_label(out, tables, a.label or "neurite", a.neurite_args, a.replace)
    # scikit-learn's OpenMP threads sleep rather than spin while they wait: on a shared, loaded
    # machine spinning threads make HGB many times slower than its work.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # OpenBLAS on one thread unless told: its threads spin while they wait, and on the shared
    # machine (load 20 on 2 cores) scikit-learn's MLP fit digits in 121 s on 2 threads, 2.8 s on
    # one, with the same scores. Set OPENBLAS_NUM_THREADS to give it more on a quiet machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # split by split, so that an interrupted run still leaves whole splits to report
    for k in range(splits):
        for table in tables:
            folder = split_folder(a.data, table, k)
            for tool in tools:
                name = (a.label or "neurite") if tool == "neurite" else tool
                if a.missing_only and done(out, table, name, k):
                    continue
                m = run_neurite(table, folder, a.neurite_args.split()) if tool == "neurite" else run_sklearn(tool, table, folder)
                m["load"] = os.getloadavg()[0]
                print(json.dumps(dict(table=table, split=k, tool=name, **{x: round(v, 4) for x, v in m.items()})), flush=True)
                merge(out, table, name, k, m, a.neurite_args if tool == "neurite" else None)


if __name__ == "__main__":
    main()
