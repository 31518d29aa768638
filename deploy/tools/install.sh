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
while read -r name module package version tags; do
  case "$name" in
    ''|'#'*) continue ;;
    npm:*) npm_tools+=("${name#npm:}@$module") ;;
    *) go_tools+=("$name $module $package $version ${tags:-}") ;;
  esac
done < "$HERE/versions.txt"

# build_go <name> <module> <package> <version> [tags]: into $TOOLS/<name>-<version>/<name>.
# `go install module/package@version` first; a module whose go.mod has exclude or replace
# directives (Compose) is refused by it, so then the module is downloaded, copied and built
# as the main module, like deploy/local/infra.sh builds FerretDB.
build_go() {
  local name=$1 module=$2 package=$3 version=$4 tags=${5:-} dir="$TOOLS/$1-$4" started=$SECONDS src work
  [ -x "$dir/$name" ] && return 0
  command -v go >/dev/null 2>&1 || die "go not found: run deploy/local/install-tools.sh"
  say "$name $version: building $module/${package#./} from the Go module proxy"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  local target="$module${package#.}"
  if ! GOBIN="$dir.tmp" CGO_ENABLED=0 go install -trimpath -tags "$tags" "$target@$version" > "$dir.log" 2>&1; then
    grep -q "directives" "$dir.log" || { tail -20 "$dir.log" >&2; die "go install $target@$version failed (log: $dir.log)"; }
    src=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$src" ] || die "go mod download gave no directory for $module@$version"
    work="$dir.src" && rm -rf "$work" && cp -r "$src" "$work" && chmod -R u+w "$work"
    (cd "$work" && CGO_ENABLED=0 go build -trimpath -tags "$tags" -o "$dir.tmp/$name" "$package") >> "$dir.log" 2>&1 \
      || { tail -20 "$dir.log" >&2; die "go build of $module@$version failed (log: $dir.log)"; }
    rm -rf "$work"
  fi
  [ -x "$dir.tmp/$name" ] || mv "$dir.tmp/$(basename "$target")" "$dir.tmp/$name"
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
