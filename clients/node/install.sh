#!/bin/sh
# Installs the zeromq npm package for clients/node, built from source
# against the system's libzmq (Debian's libzmq3-dev) and Node's own
# headers. Why not a plain `npm install`: zeromq 6 downloads prebuilt
# binaries from GitHub and zeromq 5's bundled prebuilds miss recent Node
# ABIs, while its own build also downloads libzmq, unless told to use
# the system's; and npm 11 no longer runs install scripts by default.
# Exit status: 0 installed (or already there), 1 it could not be built.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if node -e "require('zeromq')" 2>/dev/null; then
    exit 0
fi
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
# Node's headers: in the nodejs package (nodesource) or libnode-dev (Debian).
nodedir=/usr
[ -f /usr/include/node/node.h ] || { echo "install.sh: Node's headers are missing (/usr/include/node)" >&2; exit 1; }
cd node_modules/zeromq
npm_config_zmq_external=true PYTHON=/usr/bin/python3 \
    node "$gyp" rebuild --nodedir="$nodedir" --zmq_external=true --loglevel=error >&2
cd "$here"
node -e "require('zeromq')"
