"""What compare.py and scaling.py share: where things are, how a peer's threads are set, and
running one benchmark command for its JSON line."""
import json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
shared = os.environ.get("NEURITE_SHARED", os.path.join(root, "..", "shared"))
peers = os.path.join(shared, "bench", "peers")
bench = [os.path.join(root, "bin", "neurite-bench")]
py = "/usr/bin/python3"


def blas_env(threads):
    """The environment of a NumPy or scikit-learn peer on {threads} threads."""
    return dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))


def jdk_homes():
    """The JDKs in /usr/lib/jvm by major version (the launchers take JAVA_HOME first)."""
    homes = {}
    for name in sorted(os.listdir("/usr/lib/jvm")):
        home = os.path.realpath(os.path.join("/usr/lib/jvm", name))
        try:
            with open(os.path.join(home, "release")) as f:
                for line in f:
                    if line.startswith("JAVA_VERSION="):
                        homes.setdefault(int(line.split('"')[1].split(".")[0]), home)
        except OSError:
            pass
    return homes


def run(cmd, env):
    """Runs cmd and returns its last JSON line, or exits with its stderr's tail."""
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if r.returncode != 0 or not lines:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return json.loads(lines[-1])
