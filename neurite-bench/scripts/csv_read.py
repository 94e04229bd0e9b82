"""The peer of `neurite-bench csv`: pandas.read_csv (C engine) of one file, in its own process.
Prints one JSON line: the seconds of read_csv, of a preprocessing like Neurite's (one-hot text
columns, standardised numbers, float32 matrix), and the peak RSS (VmHWM) after each."""
import json, sys, time
import numpy as np
import pandas as pd


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


path, target = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "label"
t0 = time.perf_counter()
df = pd.read_csv(path, engine="c")
t1 = time.perf_counter()
rss_read = peak_rss_mb()
y = df.pop(target).astype("category").cat.codes.to_numpy()
text = [c for c in df.columns if df[c].dtype == object]
numeric = df.drop(columns=text).astype(np.float32)
numeric = (numeric - numeric.mean()) / numeric.std(ddof=0)
x = np.concatenate([numeric.to_numpy(np.float32), pd.get_dummies(df[text]).to_numpy(np.float32)], axis=1)
t2 = time.perf_counter()
print(json.dumps({"cpu_s": round(time.process_time(), 3), "rows": len(y), "inputs": x.shape[1], "read_s": round(t1 - t0, 3), "preprocess_s": round(t2 - t1, 3),
                  "total_s": round(t2 - t0, 3), "peak_rss_read_mb": round(rss_read, 1), "peak_rss_mb": round(peak_rss_mb(), 1)}))
