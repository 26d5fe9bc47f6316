#!/usr/bin/env bash
# Fast incremental dev loop in the toolchain container (Dockerfile `deps` stage).
#
#   scripts/dev.sh                                   # configure + build + ctest, preset $PRESET (default: debug)
#   PRESET=asan scripts/dev.sh                       # same with another preset
#   scripts/dev.sh cmake --build --preset debug      # any command, run in /src
#   scripts/dev.sh bash                              # interactive shell
#   scripts/dev.sh --rebuild-image ...               # force a rebuild of onnxocr-server:deps
#
# The image is rebuilt automatically when the Dockerfile changes.
#
# The repository is bind-mounted at /src, so build/<preset>/ persists in the
# working tree (git-ignored) and rebuilds are incremental.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=onnxocr-server:deps
preset=${PRESET:-debug}
cli=$("$repo/scripts/container.sh")

rebuild=0
if [[ ${1:-} == --rebuild-image ]]; then rebuild=1; shift; fi
# Rebuild the image when the Dockerfile changed since it was built: the
# Dockerfile's hash is kept as a second tag (labels are lost on cache hits).
sum=$(sha256sum "$repo/Dockerfile" | cut -c1-12)
if [[ $rebuild == 1 ]] || ! "$cli" image inspect "$image-$sum" >/dev/null 2>&1; then
    "$repo/scripts/make-base-image.sh" >&2
    echo "==> $cli build --target deps -t $image $repo" >&2
    mapfile -t build_opts < <("$repo/scripts/build-opts.sh" "$cli")
    "$cli" build "${build_opts[@]}" --target deps -t "$image" -t "$image-$sum" "$repo" >&2
    # Drop the hash tags of older Dockerfiles (best effort).
    for old in $("$cli" image ls --format '{{.Repository}}:{{.Tag}}' | grep -E "/?${image}-[0-9a-f]{12}\$" | grep -v -- "-$sum\$" || true); do
        "$cli" image untag "$old" "$old" >/dev/null 2>&1 || "$cli" rmi "$old" >/dev/null 2>&1 || true
    done
fi

if [[ $# -eq 0 ]]; then
    set -- bash -c "cmake --preset '$preset' && cmake --build --preset '$preset' && ctest --preset '$preset' --output-on-failure"
fi

opts=(--rm -v "$repo:/src" -w /src -e HOME=/tmp -e CI="${CI:-}")
[[ -t 0 && -t 1 ]] && opts+=(-it)
if [[ $cli == podman ]]; then
    opts+=(--security-opt label=disable)
    # Rootless podman: files created in build/ belong to the calling user.
    [[ $(id -u) != 0 ]] && opts+=(--userns=keep-id)
elif [[ $(id -u) != 0 ]]; then
    opts+=(--user "$(id -u):$(id -g)")
fi
exec "$cli" run "${opts[@]}" "$image" "$@"
