#!/usr/bin/env python3
"""Checks a chain replay report (a DOM dumped by headless chromium) against the JSON output of
the same run (`scoring chain run FILE --format json -o RESULT.json --report REPORT.html`).

Usage: check_chain.py DOM.html RESULT.json

For every mechanism of the JSON: a section with a per-UID table (#uids-<slug>) holding one row
per UID whose stake, incentive, dividends, emission, trust, validator trust and consensus equal
the last epoch's values, whose totals equal the sums over the epochs and whose bonds equal the
UID's bond row summed; a dividends chart with one line per validator, an incentive chart with
one line per server, and a bonds chart per server (up to six). Exits non-zero with the problems.
"""
import json
import re
import sys
from html.parser import HTMLParser


class DOM(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = {}  # id -> {uid: {key: value}}
        self.table = None
        self.row = None
        self.cards = {}  # card id -> number of polylines with data-uid
        self.card = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id", "").startswith("uids-"):
            self.table = a["id"]
            self.tables[self.table] = {}
        if self.table and tag == "tr" and "data-uid" in a:
            self.row = {}
            self.tables[self.table][int(a["data-uid"])] = self.row
        if self.table and self.row is not None and tag == "td" and "data-key" in a and "data-value" in a:
            self.row[a["data-key"]] = a["data-value"]
        if tag == "div" and "data-chart" in a and "id" in a:
            self.card = a["id"]
            self.cards[self.card] = 0
        if self.card and tag in ("polyline", "path", "g") and "data-uid" in a:
            self.cards[self.card] += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
            self.row = None


def slug(s):
    return re.sub(r"[^A-Za-z0-9]", "-", s) or "x"


def close(a, b, tol=1e-9):
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))


def main():
    dom_path, json_path = sys.argv[1], sys.argv[2]
    dom = DOM()
    dom.feed(open(dom_path, encoding="utf-8").read())
    doc = json.load(open(json_path, encoding="utf-8"))
    problems = []
    replay = doc["replay"]
    n = replay["uids"]
    for m in doc["mechanisms"]:
        s = slug(m["label"])
        table = dom.tables.get(f"uids-{s}")
        if table is None:
            problems.append(f"{m['label']}: no #uids-{s} table")
            continue
        if len(table) != n:
            problems.append(f"{m['label']}: {len(table)} rows, expected {n}")
        epochs = m["epochs"]
        last = epochs[-1]
        for uid in range(n):
            row = table.get(uid)
            if row is None:
                problems.append(f"{m['label']}: no row for uid {uid}")
                continue
            expected = {
                "stake": last["stake"][uid], "incentive": last["incentive"][uid], "dividends": last["dividends"][uid],
                "emission": last["emission"][uid], "trust": last["trust"][uid],
                "validator_trust": last["validator_trust"][uid], "consensus": last["consensus"][uid],
                "bonds": sum(v for _, v in last["bonds"][uid]),
                "total_dividends": sum(e["dividends"][uid] for e in epochs),
                "total_incentive": sum(e["incentive"][uid] for e in epochs),
            }
            for key, value in expected.items():
                if key not in row:
                    problems.append(f"{m['label']} uid {uid}: no {key} cell")
                elif not close(row[key], value):
                    problems.append(f"{m['label']} uid {uid}: {key} {row[key]} != {value}")
        if dom.cards.get(f"chart-dividends-{s}", 0) != len(replay["validators"]):
            problems.append(f"{m['label']}: dividends chart has {dom.cards.get(f'chart-dividends-{s}', 0)} lines, expected {len(replay['validators'])}")
        if dom.cards.get(f"chart-incentive-{s}", 0) != len(replay["servers"]):
            problems.append(f"{m['label']}: incentive chart has {dom.cards.get(f'chart-incentive-{s}', 0)} lines, expected {len(replay['servers'])}")
        for server in replay["servers"][:6]:
            if f"chart-bonds-{s}-{server}" not in dom.cards:
                problems.append(f"{m['label']}: no bonds chart for server uid {server}")
    if problems:
        print(f"FAIL chain report ({len(problems)} problems):")
        for p in problems[:40]:
            print("  - " + p)
        return 1
    print(f"ok chain report: {len(doc['mechanisms'])} mechanism(s), {n} UIDs, {len(doc['mechanisms'][0]['epochs'])} epochs match the JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
