#!/bin/sh
# Fails when the runtime-neutral core (everything in src/ outside src/io/) touches a runtime: `node:` imports,
# `Deno.`, `process.`, `Buffer`, `require(` or `__dirname`. Comments are ignored: whole-line `//` and block-comment
# lines, and trailing ` // …` comments, are blanked first (line numbers stay right).
set -eu
cd "$(dirname "$0")/.."
status=0
for file in $(find src -name '*.ts' ! -path 'src/io/*' | sort); do
  hits=$(sed -e 's#^[[:space:]]*//.*$##' \
             -e 's#^[[:space:]]*/\*.*$##' \
             -e 's#^[[:space:]]*\*.*$##' \
             -e 's#[[:space:]]//[[:space:]].*$##' "$file" |
         grep -nE "['\"]node:|(^|[^A-Za-z0-9_.\$/])Deno\.|(^|[^A-Za-z0-9_.\$/])process\.|(^|[^A-Za-z0-9_\$])Buffer([^A-Za-z0-9_\$]|$)|(^|[^A-Za-z0-9_.\$])require\(|__dirname" || true)
  if [ -n "$hits" ]; then
    echo "$hits" | sed "s#^#$file:#"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "check-core: the core must stay runtime-neutral; move runtime access to src/io/" >&2
fi
exit "$status"
