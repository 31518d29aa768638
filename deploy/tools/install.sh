#!/usr/bin/env bash
# The tools that check the deployment files, built or installed once into the user's cache
# (~/.cache/mmc-platform/tools) and reused by every checkout: the Go tools of versions.txt
# from the Go module proxy, the AsyncAPI parser from npm. hadolint and kubernetes-validate are
# PyPI packages in requirements.lock (the venv has them).
#
#   deploy/tools/install.sh          install what is missing (prints each build's time)
#   deploy/tools/install.sh path     print the directory holding the tools
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_DIR=${MMC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mmc-platform}
TOOLS="$CACHE_DIR/tools"

say() { printf 'tools: %s\n' "$*"; }
die() { printf 'tools: %s\n' "$*" >&2; exit 1; }

[ "${1:-}" = path ] && { echo "$TOOLS"; exit 0; }

mkdir -p "$TOOLS"
go_tools=() npm_tools=()
while read -r name package version; do
  case "$name" in
    ''|'#'*) continue ;;
    npm:*) npm_tools+=("${name#npm:}@$package") ;;
    *) go_tools+=("$name $package $version") ;;
  esac
done < "$HERE/versions.txt"

build_go() { # build_go <name> <package> <version>: into $TOOLS/<name>-<version>/<name>
  local name=$1 package=$2 version=$3 dir="$TOOLS/$1-$3" started=$SECONDS
  [ -x "$dir/$name" ] && return 0
  command -v go >/dev/null 2>&1 || die "go not found: run deploy/local/install-tools.sh"
  say "$name $version: building $package from the Go module proxy"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  GOBIN="$dir.tmp" CGO_ENABLED=0 GOFLAGS=-trimpath go install "$package@$version" \
    > "$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; die "go install $package@$version failed (log: $dir.log)"; }
  mv "$dir.tmp/$(basename "$package")" "$dir.tmp/$name" 2>/dev/null || true
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  say "$name $version: built in $((SECONDS - started))s"
}

# The Go builds run two at a time (each is mostly compiling, the machine has two cores).
pids=()
for spec in "${go_tools[@]}"; do
  # shellcheck disable=SC2086
  build_go $spec &
  pids+=($!)
  if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || exit 1; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid" || exit 1; done

for spec in "${npm_tools[@]}"; do
  dir="$TOOLS/node-$(echo "$spec" | tr '/@' '__')"
  [ -f "$dir/.complete" ] && continue
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js 20+ (Debian: apt-get install nodejs npm)"
  started=$SECONDS
  say "$spec: installing from npm into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$spec" >/dev/null
  touch "$dir/.complete"
  say "$spec: installed in $((SECONDS - started))s"
done
