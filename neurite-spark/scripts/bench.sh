#!/usr/bin/env bash
# Fashion-MNIST on Spark: Neurite's NeuriteClassifier vs Spark's MultilayerPerceptronClassifier.
# Usage (from the repository root): neurite-spark/scripts/bench.sh [-Dname=value ...]
#   options: see dev.neurite.spark.bench.SparkBench (master, epochs, batch, combine, partitions, peerIters, ...)
# Needs `apt-get install dataset-fashion-mnist` and a build: mvn -B -q -pl neurite-spark -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(pwd)/neurite-spark/target/bench-classpath.txt
# compile in the same run, so that Maven resolves neurite-core from the reactor (nothing is installed);
# NO_BUILD=1 skips it when the classes are already built (so that a build never runs under `nice -n -20`)
[ -n "${NO_BUILD:-}" ] && [ -s "$cp_file" ] || mvn -B -q -pl neurite-spark -am compile dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
# run a private copy of the classes, so that a build during a long run cannot change them under it
classes=$(mktemp -d /tmp/neurite-spark-bench.XXXXXX)
trap 'rm -rf "$classes"' EXIT
cp -r neurite-spark/target/classes "$classes/spark"
cp -r neurite-core/target/classes "$classes/core"
java -Xmx6g --add-modules jdk.incubator.vector "$@" \
    -cp "$classes/spark:$classes/core:$(cat "$cp_file")" dev.neurite.spark.bench.SparkBench
