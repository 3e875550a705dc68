#!/usr/bin/env bash
# `cmake --install` into a temporary prefix gives a working server: the binary, the sample it
# serves without --data, a manual page that documents every option of --help and renders
# without warnings, and a systemd unit that systemd-analyze accepts.
#   check_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$prefix"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in groff systemd-analyze curl; do
  command -v "$tool" >/dev/null ||
    { echo "SKIPPED: $tool is not installed (scripts/install-deps --test installs it)"; exit 77; }
done

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/seeother share/man/man1/seeother.1 lib/systemd/system/seeother.service \
         share/seeother/data/people.ttl; do
  [[ -e $prefix/$f ]] || fail "cmake --install did not install $f"
done

# The manual documents every option --help lists, and groff reads it without a warning.
manual=$prefix/share/man/man1/seeother.1
options=$("$prefix/bin/seeother" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
[[ -n $options ]] || fail "--help lists no options"
for option in $options; do
  escaped=${option//-/\\\\-}
  grep -q -- "$escaped" "$manual" || fail "the manual page does not document $option"
done
warnings=$(groff -man -Tutf8 -ww -z "$manual" 2>&1 || true)
[[ -z $warnings ]] || fail "groff warns about the manual page: $warnings"

# The unit starts the installed binary and passes systemd's own checks (with the installed
# manual on MANPATH, for its Documentation= line).
unit=$prefix/lib/systemd/system/seeother.service
grep -q "^ExecStart=$prefix/bin/seeother " "$unit" || fail "the unit does not start $prefix/bin/seeother"
MANPATH=$prefix/share/man systemd-analyze verify "$unit" || fail "systemd-analyze rejects the unit"

# Without arguments, the installed binary serves the installed sample (marked here, so that
# the source tree's copy cannot pass for it).
echo '<http://example.org/id/installed-copy> <http://www.w3.org/2000/01/rdf-schema#label> "x" .' \
  >>"$prefix/share/seeother/data/people.ttl"
out=$(mktemp)
"$prefix/bin/seeother" --listen 127.0.0.1:0 >"$out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' "$out" || true)
rm -f "$out"
[[ -n $url ]] || fail "the installed binary did not start"
status=$(curl -s -o /dev/null -w '%{http_code}' "${url}id/installed-copy")
[[ $status == 303 ]] || fail "the installed binary does not serve the installed sample ($status)"
echo "install: ok"
