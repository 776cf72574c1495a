# Makes Node >= 22.12 and pnpm 10 available in the current shell. Sourced by ./roofline and .ci/run.
#
# A machine whose Node is older (Debian's is 20) gets Node 24 from the npm registry in
# ~/.roofline-node: the platform package node-linux-<arch> carries the binary and the C headers,
# so native modules (better-sqlite3) build against the same Node with no download from
# nodejs.org. No corepack (its signature check fails against some registries).

ROOFLINE_NODE_HOME="${ROOFLINE_NODE_HOME:-$HOME/.roofline-node}"

case "$(uname -m)" in
  x86_64 | amd64) roofline_arch=x64 ;;
  aarch64 | arm64) roofline_arch=arm64 ;;
  *) roofline_arch="$(uname -m)" ;;
esac
roofline_node_pkg="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$roofline_arch"
roofline_node_dir="$ROOFLINE_NODE_HOME/node_modules/$roofline_node_pkg"

roofline_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$roofline_node_dir/bin/node" ]; then
  export PATH="$roofline_node_dir/bin:$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
fi
if ! roofline_node_ok; then
  echo "roofline: installing Node 24 ($roofline_node_pkg) and pnpm 10 into $ROOFLINE_NODE_HOME" >&2
  npm install --silent --no-audit --no-fund --prefix "$ROOFLINE_NODE_HOME" "$roofline_node_pkg@24" pnpm@10 >&2 || return 1
  export PATH="$roofline_node_dir/bin:$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
  roofline_node_ok || { echo "roofline: could not get Node >= 22.12" >&2; return 1; }
fi
# Native modules are built against the headers of the Node that runs them.
if [ "$(command -v node)" = "$roofline_node_dir/bin/node" ] && [ -f "$roofline_node_dir/include/node/common.gypi" ]; then
  export npm_config_nodedir="$roofline_node_dir"
fi
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  echo "roofline: installing pnpm 10 into $ROOFLINE_NODE_HOME" >&2
  npm install --silent --no-audit --no-fund --prefix "$ROOFLINE_NODE_HOME" pnpm@10 >&2 || return 1
  export PATH="$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
fi
