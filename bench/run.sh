#!/usr/bin/env bash
# One command for the whole benchmark: builds what is missing or stale, runs every measurement
# (about 3-4 minutes), and writes bench/results/results.md (plus the app logs next to it).
# Usage: bench/run.sh [--out DIR]
# BENCH_ONLY=yardstick,commands bench/run.sh runs only those sections (timers, yardstick, commands, buttons,
# callbacks, poller, process, crash); the default is all of them. BENCH_JAVA_OPTS adds JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="bench/results"
if [[ "${1:-}" == "--out" && -n "${2:-}" ]]; then OUT="$2"; fi
mkdir -p "$OUT"
MVN="mvn -B -q"
if [[ "${BENCH_MAVEN_OFFLINE:-auto}" == "auto" && -d "$HOME/.m2/repository/com/slack" ]]; then MVN="$MVN -o"; fi

stale() { # true when the jar or the benchmark classes are missing or older than any source
  [[ ! -f target/giga-slack.jar || ! -f target/test-classes/io/gigaslack/bench/Benchmark.class ]] && return 0
  [[ -n "$(find src pom.xml -newer target/giga-slack.jar -type f -print -quit)" ]] && return 0
  [[ -n "$(find src/test -newer target/test-classes/io/gigaslack/bench/Benchmark.class -type f -print -quit)" ]] && return 0
  return 1
}
if stale; then
  echo "[bench] building (mvn package, tests skipped)"
  $MVN -DskipTests package
fi
if [[ ! -f target/bench-classpath.txt || pom.xml -nt target/bench-classpath.txt ]]; then
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "[bench] running; progress below, app logs in $OUT/bench.log"
set +e
: > "$OUT/bench.log"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=target/classes/logback.xml -cp "$CP" io.gigaslack.bench.Benchmark \
  --out "$OUT" --jar target/giga-slack.jar --only "${BENCH_ONLY:-all}" > "$OUT/bench.log" 2>&1 &
PID=$!
tail -n +1 -f "$OUT/bench.log" --pid=$PID 2>/dev/null | grep --line-buffered '^\[bench\]' || true
wait $PID
STATUS=$?
set -e
echo
echo "[bench] results: $OUT/results.md"
exit $STATUS
