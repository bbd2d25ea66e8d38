#!/usr/bin/env python3
"""Compares two `scoring` JSON outputs byte for byte apart from the manifest's declared time fields.

Usage: compare_manifest_json.py A.json B.json
The manifest lists its clock-dependent fields in `time_fields` (manifest.started_at,
manifest.wall_time_seconds, ...); their values are blanked in both texts before comparing the bytes.
"""
import json
import re
import sys

a_path, b_path = sys.argv[1], sys.argv[2]
texts = [open(p, encoding="utf-8").read() for p in (a_path, b_path)]
declared = json.loads(texts[0])["manifest"]["time_fields"]
fields = sorted({f.split(".")[-1].replace("[]", "") for f in declared})
def blank(text):
    for f in fields:
        text = re.sub(r'"%s":("[^"]*"|[-0-9.eE+]+)' % re.escape(f), '"%s":"<time>"' % f, text)
    return text
a, b = (blank(t) for t in texts)
if a != b:
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    print(f"differ at byte {i}:\n  {a_path}: …{a[max(0, i - 80):i + 80]}…\n  {b_path}: …{b[max(0, i - 80):i + 80]}…")
    sys.exit(1)
print(f"    identical apart from the declared time fields {', '.join(declared)} ({len(texts[0])} bytes)")
