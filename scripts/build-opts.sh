#!/usr/bin/env bash
# Prints, one per line, the extra options that `<cli> build` of this
# repository's Dockerfile needs on this host: the Dockerfile's deps stage runs
# pip (OpenVINO's wheel), so on a host whose pip uses its own CA bundle (a
# TLS-intercepting proxy) podman mounts that bundle into the build, and
# PIP_INDEX_URL is passed through. Prints nothing when neither applies.
#   mapfile -t opts < <(scripts/build-opts.sh "$cli")
set -euo pipefail
cli=${1:-podman}
ca=${PIP_CERT:-}
[[ -n $ca ]] || ca=$(python3 -m pip config get global.cert 2>/dev/null || true)
if [[ $cli == podman && -n $ca && -f $ca ]]; then
    printf '%s\n' --security-opt label=disable -v "$ca:/run/build-ca.crt:ro" --build-arg PIP_CERT=/run/build-ca.crt
fi
if [[ -n ${PIP_INDEX_URL:-} ]]; then printf '%s\n' --build-arg "PIP_INDEX_URL=$PIP_INDEX_URL"; fi
exit 0
