#!/usr/bin/env bash
# End-to-end checks of `onnxocr-server ocr` against the real binary and models.
# Usage: cli_test.sh BINARY REPO_ROOT. Prints one line per case and a summary.
set -u
bin="$1"
root="$2"
images="$root/tests/data/images"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION-COMMAND...
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "PASS $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
  fi
}

run() {  # run ARGS... -> $tmp/out, $tmp/err, $rc
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

run ocr "$images/en_paragraph.png"
check "sample image exits 0" test "$rc" -eq 0
check "sample image prints its text" grep -q '"text": "The quick brown fox jumps over the lazy dog."' "$tmp/out"
check "output is one JSON object with processing_time and results" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["processing_time"], float); assert len(d["results"]) == 9; r=d["results"][0]; assert set(r) == {"text","confidence","bounding_box"}; assert len(r["bounding_box"]) == 4' "$tmp/out"
check "nothing on stderr (no ONNX Runtime schema noise)" test ! -s "$tmp/err"

run ocr "$images/en_paragraph.png" "$images/skimage_text.png"
check "two files give two JSON lines" test "$(wc -l <"$tmp/out")" -eq 2
check "an image without text gives empty results" grep -q '"results": \[\]' "$tmp/out"

printf 'not an image' >"$tmp/bad.png"
run ocr "$tmp/bad.png" "$images/skimage_text.png"
check "a non-image exits 1" test "$rc" -eq 1
check "a non-image names the file and the reason" grep -q "bad.png: unrecognised image format" "$tmp/err"
check "later files are still processed" grep -q '"results"' "$tmp/out"

head -c 2000 "$images/en_paragraph.png" >"$tmp/truncated.png"
run ocr "$tmp/truncated.png"
check "a truncated PNG is a corrupt_input error" grep -q "(corrupt_input)" "$tmp/err"

run ocr "$tmp/missing.png"
check "a missing file exits 1 with not_found" bash -c "[ $rc -eq 1 ] && grep -q '(not_found)' '$tmp/err'"

run ocr --max-side 500 "$images/en_paragraph.png"
check "--max-side rejects a larger image" grep -q "(limit_exceeded)" "$tmp/err"

ONNXOCR_DET_THRESH=3 "$bin" ocr "$images/en_paragraph.png" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "an out-of-range env twin is refused at startup" bash -c "[ $rc -eq 2 ] && grep -q 'ONNXOCR_DET_THRESH' '$tmp/err'"

run ocr --model no-such-set "$images/en_paragraph.png"
check "an unknown model set lists the available ones" grep -q "available: ppocrv5-mobile, ppocrv6-small, ppocrv6-tiny" "$tmp/err"

cp -r "$root/models/ppocrv5-mobile" "$tmp/models-bad" 2>/dev/null
mkdir -p "$tmp/broken" && mv "$tmp/models-bad" "$tmp/broken/ppocrv5-mobile"
printf 'x' >>"$tmp/broken/ppocrv5-mobile/det.onnx"
run ocr --models-dir "$tmp/broken" "$images/en_paragraph.png"
check "a modified model file is refused with a clear error" grep -q "det.onnx: size mismatch" "$tmp/err"

run ocr --use-angle-cls false "$images/rotated_180.png"
check "without the classifier the upside-down page is misread" bash -c "! grep -q 'This page is printed upside down.' '$tmp/out'"
run ocr "$images/rotated_180.png"
check "with the classifier the upside-down page reads correctly" grep -q "This page is printed upside down." "$tmp/out"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
