#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1, built from Spark's Maven artifacts (no Spark
# download): one master and two workers as separate JVMs, then spark-submit of the module's jar,
# which trains a NeuriteClassifier across the workers' executors and checks the model
# (dev.neurite.spark.bench.ClusterCheck). Prints "CLUSTER CHECK OK" and exits 0 on success.
#
# Usage, from the repository root:
#   mvn -B -q -pl neurite-spark -am package -DskipTests
#   neurite-spark/scripts/standalone-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /tmp/neurite-standalone.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# Spark's jars (provided scope) from ~/.m2, laid out as a SPARK_HOME so that the workers can
# build their executors' class path the way a Spark distribution would.
mvn -B -q -pl neurite-spark -am compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
export SPARK_HOME="$work/spark-home"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
touch "$SPARK_HOME/RELEASE"
tr ':' '\n' < "$work/classpath.txt" | grep '\.jar$' | grep -v 'junit\|opentest4j\|apiguardian' | while read -r jar; do
    ln -sf "$jar" "$SPARK_HOME/jars/"
done
export SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$work/logs"
# INFO for the daemons (registration is logged at INFO), to their log files
sed 's/rootLogger.level = warn/rootLogger.level = info/' neurite-spark/src/test/resources/log4j2.properties \
    > "$SPARK_HOME/conf/log4j2.properties"
cp="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
java -cp "$cp" -Xmx512m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 \
    > "$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
    java -cp "$cp" -Xmx512m org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
        --webui-port $((18080 + i)) --work-dir "$work/worker$i" spark://127.0.0.1:7077 > "$work/worker$i.log" 2>&1 &
    pids+=($!)
done
for _ in $(seq 60); do
    [ "$(grep -l 'Successfully registered with master' "$work"/worker*.log 2>/dev/null | wc -l)" -eq 2 ] && break
    sleep 1
done
grep -h 'Successfully registered with master' "$work"/worker*.log || { echo "the workers did not register"; exit 1; }
java -cp "$cp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
    --executor-memory 768m --total-executor-cores 2 \
    --class dev.neurite.spark.bench.ClusterCheck "$root/neurite-spark/target/neurite-spark.jar" "$work/model" \
    2> "$work/driver.log"
