#!/usr/bin/env bash
# Fetches OpenVINO's C++ SDK (headers, libraries, CMake config) from its PyPI
# wheel into DEST/openvino: pip downloads openvino==2026.4.1 by name and
# version, the wheel's sha256 is checked, and only include/, libs/ and cmake/
# are unpacked. Nothing from Python is used at run time. The Dockerfile's deps
# stage runs this; for a build without containers:
#
#   scripts/openvino-sdk.sh /opt/openvino-sdk
#   cmake --preset release -DOpenVINO_DIR=/opt/openvino-sdk/openvino/cmake
#
# (-DONNXOCR_WITH_OPENVINO=OFF builds with ONNX Runtime only.) Needs python3
# with pip; PIP_CERT and PIP_INDEX_URL are honoured. The pinned wheel is the
# cp313 manylinux_2_28 x86_64 one (its C++ libraries do not depend on Python).
# The wheel's own libhwloc is dropped so that the system's is the one linked.
set -euo pipefail
version=2026.4.1
sha256=a9b637846c579d7b81b17b6585e0c7b1947574e8d13cf83d7307ce50cd2c352e
dest=${1:?usage: scripts/openvino-sdk.sh DEST}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check \
    --python-version 3.13 --platform manylinux_2_28_x86_64 \
    ${PIP_CERT:+--cert "$PIP_CERT"} ${PIP_INDEX_URL:+--index-url "$PIP_INDEX_URL"} \
    -d "$work" "openvino==$version" >&2
wheel=$(ls "$work"/openvino-*.whl)
echo "$sha256  $wheel" | sha256sum -c - >&2
mkdir -p "$dest"
python3 - "$wheel" "$dest" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in wheel.namelist():
        if name.startswith(("openvino/include/", "openvino/libs/", "openvino/cmake/")):
            wheel.extract(name, sys.argv[2])
PY
rm -f "$dest/openvino/libs/libhwloc.so.15"
echo "OpenVINO_DIR=$(cd "$dest/openvino/cmake" && pwd)"
