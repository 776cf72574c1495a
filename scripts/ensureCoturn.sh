#!/usr/bin/env bash
# Makes sure coturn (`turnserver`) is installed: the voice tests start a real coturn on
# loopback to prove the server's TURN credentials work (tests/support/coturn.ts). Installs
# Debian's `coturn` package when it is missing (with sudo unless root); the package's own
# service stays disabled (Debian ships it off: TURNSERVER_ENABLED is unset in /etc/default/coturn).
set -euo pipefail

if command -v turnserver >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "roofline: coturn (turnserver) is missing and this system has no apt-get; install coturn yourself (the voice tests need it)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "roofline: coturn is missing; run 'apt-get install -y coturn' as root (the voice tests need it)" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "roofline: installing coturn for the voice tests" >&2
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq coturn >/dev/null; }; then
  echo "roofline: could not install coturn with apt-get; install the coturn package yourself (the voice tests need it)" >&2
  exit 1
fi
command -v turnserver >/dev/null 2>&1 || { echo "roofline: coturn installed but turnserver is not on PATH" >&2; exit 1; }
