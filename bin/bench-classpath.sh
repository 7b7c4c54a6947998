# Sourced by the benchmark scripts (after bin/jdk.sh, from the checkout's root): builds neurite-bench and the modules
# it needs in one reactor (package only, unless NO_BUILD=1) and sets BENCH_DEPS to its runtime class path. One
# reactor, so the class path names this checkout's module jars (neurite-core/target/...), never the copies in ~/.m2,
# which hold whatever was installed last, perhaps from another checkout or an experiment.
if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -q -ntp -pl neurite-bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime >/dev/null
fi
BENCH_DEPS="$(cat "$PWD/neurite-bench/target/bench.cp")"
case "$BENCH_DEPS" in
  *"$PWD/neurite-core/target/"*) ;;
  *) echo "$(basename "$0"): neurite-core on the class path is not this checkout's; run without NO_BUILD" >&2; exit 1;;
esac
