#!/usr/bin/env bash
# Regenerate tests/data/golden/*.json with the Python reference (OnnxOCR 4.0.0)
# and print the character error rate of the rendered pages.
#
#   tools/parity/make_golden.sh            # venv in ${TMPDIR:-/tmp}/onnxocr-parity-venv
#   PARITY_VENV=/path/to/venv tools/parity/make_golden.sh
#   PARITY_OUT=/tmp/golden tools/parity/make_golden.sh   # write elsewhere
#
# Needs python3 (>= 3.11) with the venv module and access to PyPI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PARITY_VENV:-${TMPDIR:-/tmp}/onnxocr-parity-venv}"
py="${PYTHON:-python3}"
out="${PARITY_OUT:-$root/tests/data/golden}"

if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"

cd "$root"
"$venv/bin/python" "$here/make_golden.py" --out "$out" "$@"
"$venv/bin/python" "$here/cer.py" --golden "$out"
