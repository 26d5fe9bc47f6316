#!/usr/bin/env bash
# Prints the container CLI to use: "docker" when a Docker engine answers,
# otherwise "podman". Override with CONTAINER_CLI=docker|podman.
#   cli=$(scripts/container.sh)
set -euo pipefail
if [[ -n "${CONTAINER_CLI:-}" ]]; then
    echo "$CONTAINER_CLI"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo docker
elif command -v podman >/dev/null 2>&1; then
    echo podman
else
    echo "error: neither a working 'docker' nor 'podman' was found" >&2
    exit 1
fi
