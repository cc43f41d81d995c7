#!/usr/bin/env bash
# Builds the reference renderer (real Go text/template + Sprig) for the differential tests, once, when the build
# script in ../shared is there. It installs Go and Sprig from Debian's packages, so it needs root; without them the
# differential tests skip and say so.
set -u
cd "$(dirname "$0")/.."
out="$PWD/.oracle/gotmpl-oracle"
[ -x "$out" ] && exit 0
script=../shared/tools/go-template-oracle/build.sh
if [ ! -f "$script" ]; then
  echo "ensure-oracle: ../shared is not beside the repository; the differential tests will skip"
  exit 0
fi
mkdir -p .oracle
log=.oracle/build.log
if bash "$script" "$out" >"$log" 2>&1; then
  echo "ensure-oracle: built the reference renderer at .oracle/gotmpl-oracle"
else
  echo "ensure-oracle: could not build the reference renderer (see $log); the differential tests will skip"
fi
exit 0
