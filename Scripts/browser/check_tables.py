#!/usr/bin/env python3
"""Checks the tables of a reputation or Monte Carlo report (a DOM dumped by headless chromium)
against the JSON output of the same run.

Usage:
  check_tables.py reputation DOM.html RUN_DIR        (RUN_DIR holds metrics.json and breakdown.json)
  check_tables.py montecarlo DOM.html RESULT.json    (`scoring simulate --runs N --format json` output)

Reputation: one #miner-weight-table row per miner of breakdown.json with every number equal
(uid, rep_score, score_factor, tier_factor, multiplier, base_reward, weighted_reward, both
shares), one #tier-table row per tier of metrics.json with both shares equal, the tier-share and
per-round charts present, and one scatter dot per miner.
Monte Carlo: one #mc-miner-table row per miner of summary.miners with mean, std dev and interval
equal, one #mc-metric-table row per metric, one whisker bar per miner and one strip chart per
metric. Exits non-zero with a list of problems.
"""
import json
import os
import sys
from html.parser import HTMLParser


class Tables(HTMLParser):
    """Collects `data-key`/`data-value` cells of the rows of every table with an id, and counts
    SVG charts and bars inside elements with an id."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.tables = {}  # table id -> [(row attrs, {key: value})]
        self.table = None
        self.row = None
        self.whisker_bars = 0
        self.strips = 0
        self.svgs = 0
        self.points = set()  # miners with a dot in the weighted-against-unweighted scatter

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        cls = a.get("class") or ""
        if tag == "svg" and "chart" in cls.split():
            self.svgs += 1
            if "whiskers" in cls.split():
                self._in_whiskers = True
            if "strip" in cls.split():
                self.strips += 1
        if tag == "circle" and cls == "point" and "data-miner" in a:
            self.points.add(a["data-miner"])
        if tag == "g" and cls == "bar" and getattr(self, "_in_whiskers", False):
            self.whisker_bars += 1
        if tag == "table" and "id" in a:
            self.table = a["id"]
            self.tables[self.table] = []
        if self.table and tag == "tr" and any(k.startswith("data-") for k in a):
            self.row = (a, {})
            self.tables[self.table].append(self.row)
        if self.table and self.row is not None and tag == "td" and "data-key" in a and "data-value" in a:
            self.row[1][a["data-key"]] = a["data-value"]

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_whiskers = False
        if tag == "table":
            self.table = None
        if tag == "tr":
            self.row = None


def close(a, b):
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def compare(problems, label, cells, expected):
    n = 0
    for key, value in expected.items():
        if key not in cells:
            problems.append(f"{label}: no {key} cell")
        elif not close(cells[key], value):
            problems.append(f"{label}.{key}: page {cells[key]} != JSON {value}")
        else:
            n += 1
    return n


def reputation(dom, run_dir):
    with open(os.path.join(run_dir, "breakdown.json"), encoding="utf-8") as f:
        breakdown = json.load(f)
    with open(os.path.join(run_dir, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)
    problems, compared = [], 0
    rows = dom.tables.get("miner-weight-table", [])
    miners = {m["hotkey"]: m for m in breakdown["miners"]}
    if len(rows) != len(miners):
        problems.append(f"miner table has {len(rows)} rows, breakdown.json has {len(miners)} miners")
    seen = set()
    for attrs, cells in rows:
        hotkey = attrs.get("data-miner")
        if hotkey in seen:
            problems.append(f"miner {hotkey} appears twice")
        seen.add(hotkey)
        m = miners.get(hotkey)
        if m is None:
            problems.append(f"row for unknown miner {hotkey}")
            continue
        compared += compare(problems, hotkey[:10], cells, {
            "uid": m["uid"], "rep_score": m["rep_score"], "score_factor": m["score_factor"],
            "tier_factor": m["tier_factor"], "multiplier": m["multiplier"], "base_reward": m["base_reward"],
            "weighted_reward": m["weighted_reward"], "unweighted": m["unweighted_share"], "weighted": m["weighted_share"]})
    tier_rows = {a.get("data-tier"): c for a, c in dom.tables.get("tier-table", [])}
    for t in metrics["tier_shares"]:
        cells = tier_rows.get(t["tier"])
        if cells is None:
            problems.append(f"tier table has no row for {t['tier']}")
            continue
        compared += compare(problems, t["tier"], cells, {"unweighted": t["unweighted"], "weighted": t["weighted"]})
    if len(tier_rows) != len(metrics["tier_shares"]):
        problems.append(f"tier table has {len(tier_rows)} rows, metrics.json has {len(metrics['tier_shares'])} tiers")
    if dom.points != set(miners):
        problems.append(f"scatter has dots for {len(dom.points)} miners, breakdown.json has {len(miners)}")
    for required in ("chart-tier-shares", "chart-rounds", "chart-miner-shares", "formulas"):
        if required not in dom.ids:
            problems.append(f"missing #{required}")
    return problems, f"{len(rows)} miner rows, {len(tier_rows)} tier rows, {compared} numbers equal to breakdown.json/metrics.json, {dom.svgs} charts, {len(dom.points)} scatter dots"


def montecarlo(dom, path):
    with open(path, encoding="utf-8") as f:
        result = json.load(f)
    summary = result["summary"]
    problems, compared = [], 0
    rows = dom.tables.get("mc-miner-table", [])
    miners = {m["miner_id"]: m for m in summary["miners"]}
    if len(rows) != len(miners):
        problems.append(f"miner table has {len(rows)} rows, the JSON has {len(miners)} miners")
    for attrs, cells in rows:
        m = miners.get(attrs.get("data-miner"))
        if m is None:
            problems.append(f"row for unknown miner {attrs.get('data-miner')}")
            continue
        t = m["total_tao"]
        compared += compare(problems, m["miner_id"], cells, {
            "mean": t["mean"], "sd": t["std_dev"], "ci95_low": t["ci95_low"], "ci95_high": t["ci95_high"]})
    metric_rows = {a.get("data-metric"): c for a, c in dom.tables.get("mc-metric-table", [])}
    for name, s in summary["metrics"].items():
        cells = metric_rows.get(name)
        if cells is None:
            problems.append(f"metric table has no row for {name}")
            continue
        compared += compare(problems, name, cells, {
            "mean": s["mean"], "sd": s["std_dev"], "ci95_low": s["ci95_low"], "ci95_high": s["ci95_high"]})
    run_rows = dom.tables.get("mc-run-table", [])
    if len(run_rows) != len(result["runs"]):
        problems.append(f"run table has {len(run_rows)} rows for {len(result['runs'])} runs")
    if dom.whisker_bars != len(miners):
        problems.append(f"TAO chart has {dom.whisker_bars} whisker bars for {len(miners)} miners")
    if dom.strips != len(summary["metrics"]):
        problems.append(f"{dom.strips} metric strip charts for {len(summary['metrics'])} metrics")
    return problems, (f"{len(rows)} miner rows, {len(metric_rows)} metric rows, {len(run_rows)} run rows, "
                      f"{compared} numbers equal to the JSON, {dom.whisker_bars} whisker bars, {dom.strips} strip charts")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("reputation", "montecarlo"):
        print(__doc__)
        sys.exit(2)
    kind, dom_path, source = sys.argv[1:]
    dom = Tables()
    with open(dom_path, encoding="utf-8") as f:
        dom.feed(f.read())
    problems, ok = (reputation if kind == "reputation" else montecarlo)(dom, source)
    name = "reputation report" if kind == "reputation" else "Monte Carlo report"
    if problems:
        print(f"FAIL {name}: " + "; ".join(problems[:20]))
        sys.exit(1)
    print(f"ok   {name}: {ok}")


if __name__ == "__main__":
    main()
