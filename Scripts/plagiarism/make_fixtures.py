#!/usr/bin/env python3
"""Writes the fixtures PlagiarismWindowTests and OutputBytesTests pin, from the PREVIOUS code: argv[1] is
SimulationBench built at commit 34a2b15 with the `output` mode of this branch added to its main.swift,
argv[2] that checkout, argv[3] this tree's Tests/SimulationTests/Fixtures."""
import json, os, re, subprocess, sys
OLD = sys.argv[1]          # old scoring binary
ROOT = sys.argv[2]         # old checkout (cwd for configs)
OUT = sys.argv[3]          # new tree's Tests/SimulationTests/Fixtures
def run(config, overrides, fmt, tag):
    # OLD is the previous build's SimulationBench: its `output` mode is `scoring run --format` without the CLI.
    path = f"/tmp/plagfix/{tag}.{fmt}"
    epochs = [o.split("=")[1] for o in overrides if o.startswith("simulation.epochs=")][0]
    rest = [o for o in overrides if not o.startswith("simulation.epochs=")]
    subprocess.run([OLD, "output", config, fmt, epochs, path] + rest, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return open(path, encoding="utf-8").read()
def normalise(t):
    t = re.sub(r'"timestamp":"[^"]*"', '"timestamp":"T"', t)
    t = re.sub(r'"started_at":"[^"]*"', '"started_at":"T"', t)
    t = re.sub(r'"wall_time_seconds":[^,}]*', '"wall_time_seconds":0', t)
    t = re.sub(r'"git_commit":"[^"]*",', '', t)
    return t
def fnv(t):
    h = 0xCBF29CE484222325
    for b in t.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"
flag_cases = [
    ("copycats-xoshiro", "configs/reasonforge/copycats.yaml", ["simulation.epochs=45"]),
    ("copycats-python-compat", "configs/reasonforge/copycats.yaml", ["simulation.epochs=45", "simulation.generator=python-compat"]),
    ("copycats-noisy-short-buffer", "configs/reasonforge/copycats.yaml",
     ["simulation.epochs=40", "simulation.miners.copycat_noise=0.04", "simulation.plagiarism.threshold=0.8", "simulation.plagiarism.buffer_epochs=4"]),
    ("default-xoshiro", "configs/default.yaml", ["simulation.epochs=40"]),
    ("default-python-compat", "configs/default.yaml", ["simulation.epochs=40", "simulation.generator=python-compat"]),
]
os.makedirs(f"{OUT}/plagiarism", exist_ok=True)
for name, config, overrides in flag_cases:
    text = run(config, overrides, "jsonl", "flags-" + name)
    lines, total = [], 0
    for line in text.splitlines():
        o = json.loads(line)
        if o.get("type") != "epoch": continue
        for m in sorted(o["miners"], key=lambda m: m["miner_id"]):
            if m["plagiarism_flags"] > 0:
                lines.append(f'{o["epoch_id"]} {m["miner_id"]} {m["plagiarism_flags"]}')
                total += m["plagiarism_flags"]
    header = (f"# {name}: scoring run {config} " + " ".join("--set " + o for o in overrides)
              + f" (commit 34a2b15, the previous detector): epoch miner_id flags; {total} flags in all\n")
    open(f"{OUT}/plagiarism/{name}.txt", "w").write(header + "".join(l + "\n" for l in lines))
    print(name, total, "flags")
out_cases = [
    ("reference-parity", "configs/reasonforge/reference-parity.yaml", ["simulation.epochs=30"]),
    ("copycats", "configs/reasonforge/copycats.yaml", ["simulation.epochs=12"]),
    ("default", "configs/default.yaml", ["simulation.epochs=12"]),
    ("default-python-compat", "configs/default.yaml", ["simulation.epochs=12", "simulation.generator=python-compat"]),
]
os.makedirs(f"{OUT}/output", exist_ok=True)
rows = []
for name, config, overrides in out_cases:
    for fmt in ["jsonl", "csv"]:
        t = normalise(run(config, overrides, fmt, "out-" + name))
        rows.append(f"{name} {fmt} {len(t.encode())} {fnv(t)}")
        open(f"/tmp/plagfix/{name}.{fmt}.normalised", "w").write(t)
head = ("# <case> <format> <bytes> <FNV-1a 64> of `scoring run <config> --set ... --format <format>` at commit 34a2b15\n"
        "# (the previous writers), clock and git fields normalised; cases and overrides in OutputBytesTests.swift\n")
open(f"{OUT}/output/digests.txt", "w").write(head + "\n".join(rows) + "\n")
print("\n".join(rows))
