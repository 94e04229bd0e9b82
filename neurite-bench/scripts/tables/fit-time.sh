#!/bin/bash
# Fit time of the new defaults vs one network, alternating, the shipped jar; "Trained in" seconds.
JAR=${1:?usage: fit-time.sh NEURITE_JAR}; ROOT=$(cd "$(dirname "$0")/../../.." && pwd); D=$ROOT/neurite-bench/target/tables
JAVA=$($ROOT/bin/find-jdk)/bin/java
declare -A T=([concrete]=compressive_strength [credit]=Status [churn]=churn [ames]=Sale_Price [digits]=y [letter]=lettr)
for round in 1 2; do
 for t in concrete credit churn ames digits letter; do
  for cfg in "one:--ensemble 1 --numeric-embedding none" "auto:"; do
   name=${cfg%%:*}; args=${cfg#*:}
   s=$(flock /tmp/bench.lock nice -n -20 $JAVA --add-modules jdk.incubator.vector -jar $JAR train --data $D/$t/train.csv --target ${T[$t]} --out /tmp/ft.model --progress none $args 2>/dev/null | grep -o "Trained in [0-9.]* s")
   echo "$round $t $name $s load=$(cut -d' ' -f1 /proc/loadavg)"
  done
 done
done
