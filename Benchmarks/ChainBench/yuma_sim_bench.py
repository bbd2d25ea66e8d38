#!/usr/bin/env python3
"""Times bactensor/yuma-simulation's Yuma 2 (`Yuma` in yumas.py) on ChainBench's dense inputs.

    python3 yuma_sim_bench.py /path/to/yuma-simulation [--threads 2] [--cpu-time] > reference.txt

The yuma-simulation checkout is imported from the path given (its `src` directory), outside this
repository. Prints one line per shape, "<V>x<N> <median ms per epoch>", which
`ChainBench --reference FILE` reads. With --cpu-time the figure is the process CPU time of the
epoch divided by the thread count (the wall time two fully used cores would take). That understates
small epochs, which torch runs on one thread (at 64x256 it halves the time), so `make bench-chain`
uses the wall clock. Inputs match ChainBench's (see its main.swift): validator i
weights UID j != i with (2654435761*i + 40503*j + 12345) mod 65536, stake 1000 + (7919*i mod 10007).
"""
import sys, time, statistics

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.path.insert(0, sys.argv[1].rstrip("/") + "/src")
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 2
    cpu = "--cpu-time" in sys.argv
    import torch
    torch.set_num_threads(threads)
    from yuma_simulation._internal.yumas import Yuma, YumaConfig, SimulationHyperparameters, YumaParams

    config = YumaConfig(simulation=SimulationHyperparameters(bond_penalty=1.0), yuma_params=YumaParams())
    for v, n, reps in [(64, 256, 200), (256, 4096, 15)]:
        i = torch.arange(v, dtype=torch.int64).view(-1, 1)
        j = torch.arange(n, dtype=torch.int64).view(1, -1)
        w = ((2654435761 * i + 40503 * j + 12345) % 65536).to(torch.float32)
        w[torch.arange(v), torch.arange(v)] = 0.0  # no self-weight, as the chain masks it
        s = (1000 + (7919 * torch.arange(v)) % 10007).to(torch.float32)
        b_old, c_old = None, None
        samples = []
        for k in range(reps + 2):
            t0 = time.process_time() / threads if cpu else time.perf_counter()
            r = Yuma(w, s, num_servers=n, num_validators=v, use_full_matrices=False, B_old=b_old, C_old=c_old, config=config)
            t1 = time.process_time() / threads if cpu else time.perf_counter()
            b_old, c_old = r["validator_ema_bond"], r["server_consensus_weight"]
            if k >= 2:
                samples.append((t1 - t0) * 1e3)
        print(f"{v}x{n} {statistics.median(samples):.4f}  # torch {torch.__version__}, {threads} threads, median of {reps}{', process CPU / threads' if cpu else ', wall'}")

if __name__ == "__main__":
    main()
