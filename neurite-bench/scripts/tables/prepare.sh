#!/usr/bin/env bash
# Writes the tables benchmark's fixed splits into neurite-bench/target/tables (or DATA) from Debian
# packages only; 5 train/test splits per table unless --splits says otherwise:
#   prepare.sh [--splits S] [DATA]
# Needs: python3-sklearn, python3-pandas, r-base-core, r-cran-mlbench, r-cran-modeldata.
#   apt-get install python3-sklearn python3-pandas r-base-core r-cran-mlbench r-cran-modeldata
set -eu
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
splits=5
if [ "${1:-}" = --splits ]; then
  [ $# -ge 2 ] || { echo "prepare.sh: --splits needs a number" >&2; exit 1; }
  splits=$2; shift 2
fi
data=${1:-$here/../../target/tables}
for need in Rscript /usr/bin/python3; do
  command -v "$need" >/dev/null || { echo "prepare.sh: $need is missing; apt-get install r-base-core r-cran-mlbench r-cran-modeldata python3-sklearn python3-pandas" >&2; exit 1; }
done
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
Rscript "$here/export_r.R" "$raw"
cd "$here" && /usr/bin/python3 prepare.py "$raw" "$data" --splits "$splits"
