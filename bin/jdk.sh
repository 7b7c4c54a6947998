# Sourced by the bin/ scripts: finds a JDK 25 (or newer) and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is 25+, then Temurin 25 where this machine's image puts it, then any /usr/lib/jvm/*.
neurite_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
neurite_find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    v=$(neurite_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! NEURITE_JDK=$(neurite_find_jdk); then
  echo "neurite: needs a JDK 25 or newer (with javac). None found in \$JAVA_HOME or /usr/lib/jvm." >&2
  echo "neurite: install Temurin 25 (https://adoptium.net) or set JAVA_HOME to a JDK 25." >&2
  exit 2
fi
export JAVA_HOME="$NEURITE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "neurite: needs Apache Maven 3.8+ on the PATH (Debian: apt-get install maven)." >&2
  exit 2
fi
# Maven 3.8's bundled Guava touches sun.misc.Unsafe; on JDK 25 that only prints warnings, so keep them quiet.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Dstyle.color=never"
# JIT options for training runs (bin/neurite, bin/bench; embedders can copy them). A training step calls the engine's
# orchestration (packages tensor, optim, data) a few times per batch, so HotSpot's default thresholds bring it to C2
# only after some 4,000 steps (W1's 4th epoch); a tenth of them does it within the first. Not nn: its inference-only
# paths, compiled that early on training's profiles, were recompiled during the first timed inference passes. On 4
# cores or fewer the JIT gets 4 compiler threads (2 by default on 2 cores), so its start-up backlog clears sooner.
NEURITE_JIT_OPTS="-XX:CompileCommand=quiet"
for p in tensor optim data; do
  NEURITE_JIT_OPTS+=" -XX:CompileCommand=CompileThresholdScaling,org.neurite.$p.*::*,0.1"
done
[ "$(nproc 2>/dev/null || echo 8)" -le 4 ] && NEURITE_JIT_OPTS+=" -XX:CICompilerCount=4"
export NEURITE_JIT_OPTS
