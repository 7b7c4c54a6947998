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
