#!/usr/bin/env python3
"""Checks a DOM dumped by headless chromium (`--dump-dom`) against the simulator's JSON output.

Usage: check_dom.py DOM.html RESULT.json [--name report|dashboard] [--epochs N] [--tolerance T]

--tolerance allows a difference (the stream sends unrounded values; the JSON output rounds to 6
decimals, so the dashboard is compared with 5e-7).

RESULT.json is the simulator's JSON document (`{"config", "epochs": [...]}`, as written by
`scoring run --format json` or returned by `POST /api/simulate`). The check compares the page's
leaderboard with the last epoch (or epoch N): one row per miner, and every numeric cell's
`data-value` equal to the JSON value. It also requires the charts (SVG with bars and one line per
miner). Exits non-zero with a list of problems.
"""
import json
import sys
from html.parser import HTMLParser


class DOM(HTMLParser):
    """Collects leaderboard rows, SVG chart counts and element ids."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.svgs = 0
        self.bars = 0
        self.series_miners = set()
        self.in_table = False
        self.table_depth = 0
        self.rows = []  # [(miner_id, {key: value})]
        self.row = None
        self.vcards = 0
        self.dims = {}  # miner -> {dimension: value} from the detail cards

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self.svgs += 1
            # A Monte Carlo report's mean-TAO bars (with whiskers) are not the run's TAO bars.
            self.in_whiskers = "whiskers" in (a.get("class") or "").split()
        if tag == "g" and a.get("class") == "bar" and not getattr(self, "in_whiskers", False):
            self.bars += 1
        if tag == "g" and (a.get("class") or "").startswith("series") and "data-miner" in a:
            self.series_miners.add(a["data-miner"])
        if tag == "article" and a.get("class") == "vcard":
            self.vcards += 1
        if tag == "article" and a.get("class") == "miner-card":
            self.card = a.get("data-miner")
        if tag == "div" and a.get("class") == "dim" and getattr(self, "card", None) and "data-dimension" in a:
            self.dims.setdefault(self.card, {})[a["data-dimension"]] = a.get("data-value")
        if tag == "table":
            if a.get("id") == "leaderboard-table":
                self.in_table = True
                self.table_depth = 1
            elif self.in_table:
                self.table_depth += 1
        if self.in_table and tag == "tr" and "data-miner" in a:
            self.row = (a["data-miner"], {})
            self.rows.append(self.row)
        if self.in_table and tag == "td" and self.row is not None and "data-key" in a and "data-value" in a:
            self.row[1][a["data-key"]] = a["data-value"]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_whiskers = False
        if tag == "table" and self.in_table:
            self.table_depth -= 1
            if self.table_depth == 0:
                self.in_table = False
        if tag == "tr":
            self.row = None


def main():
    args = sys.argv[1:]
    name = "page"
    epoch = None
    if "--name" in args:
        i = args.index("--name"); name = args[i + 1]; del args[i:i + 2]
    tolerance = 0.0
    if "--tolerance" in args:
        i = args.index("--tolerance"); tolerance = float(args[i + 1]); del args[i:i + 2]
    if "--epochs" in args:
        i = args.index("--epochs"); epoch = int(args[i + 1]); del args[i:i + 2]
    dom_path, json_path = args
    dom = DOM()
    with open(dom_path, encoding="utf-8") as f:
        dom.feed(f.read())
    with open(json_path, encoding="utf-8") as f:
        result = json.load(f)
    epochs = result["epochs"]
    last = epochs[(epoch or len(epochs)) - 1]
    problems = []
    miners = {m["miner_id"]: m for m in last["miners"]}
    if len(dom.rows) != len(miners):
        problems.append(f"leaderboard has {len(dom.rows)} rows, the JSON has {len(miners)} miners")
    seen = set()
    compared = 0
    for miner_id, cells in dom.rows:
        if miner_id in seen:
            problems.append(f"miner {miner_id} appears twice")
        seen.add(miner_id)
        m = miners.get(miner_id)
        if m is None:
            problems.append(f"row for unknown miner {miner_id}")
            continue
        for key in ("rank", "s_epoch", "peb", "streak", "epoch_tao", "total_tao", "trap_penalty", "breakthroughs"):
            if key not in cells:
                problems.append(f"{miner_id}: no {key} cell")
                continue
            if abs(float(cells[key]) - float(m[key])) > tolerance:
                problems.append(f"{miner_id}.{key}: page {cells[key]} != JSON {m[key]}")
            compared += 1
    if dom.svgs < 4:
        problems.append(f"expected at least 4 charts, found {dom.svgs}")
    if dom.bars != len(miners):
        problems.append(f"TAO chart has {dom.bars} bars for {len(miners)} miners")
    if len(dom.series_miners) != len(miners):
        problems.append(f"S_epoch chart has {len(dom.series_miners)} miner lines for {len(miners)} miners")
    if dom.vcards and dom.vcards != len(last["validators"]):
        problems.append(f"{dom.vcards} validator cards for {len(last['validators'])} validators")
    for required in ("chart-tao", "chart-sepoch", "chart-vas", "chart-reputation", "leaderboard-table"):
        if required not in dom.ids:
            problems.append(f"missing #{required}")
    # Measured dimensions: the detail cards show each miner's mean over the epochs it submitted in.
    dims_checked = 0
    if dom.dims and any("dimensions" in m for e in epochs for m in e["miners"]):
        for miner_id in sorted(dom.dims):
            if miner_id not in miners:
                problems.append(f"detail card for unknown miner {miner_id}")
                continue
            rows = [m["dimensions"] for e in epochs for m in e["miners"]
                    if m["miner_id"] == miner_id and "dimensions" in m and any(m["dimensions"].values())]
            if not rows:
                continue
            shown = dom.dims.get(miner_id, {})
            for key in ("quality", "accuracy", "novelty", "efficiency"):
                mean = sum(r[key] for r in rows) / len(rows)
                if key not in shown:
                    problems.append(f"{miner_id}: no {key} in its detail card")
                elif abs(float(shown[key]) - mean) > max(tolerance, 1e-9):
                    problems.append(f"{miner_id}.{key}: card {shown[key]} != mean of the JSON {mean}")
                else:
                    dims_checked += 1
    if problems:
        print(f"FAIL {name}: " + "; ".join(problems[:20]))
        sys.exit(1)
    print(f"ok   {name}: {len(dom.rows)} leaderboard rows, {compared} numbers equal to the JSON "
          f"(epoch {last['epoch_id']}), {dom.svgs} charts, {dom.bars} bars, {len(dom.series_miners)} lines"
          + (f", {dims_checked} measured dimension means equal" if dims_checked else ""))


if __name__ == "__main__":
    main()
