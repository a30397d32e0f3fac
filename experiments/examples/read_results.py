#!/usr/bin/env python3
"""Reads every table of a tcpsim results folder with pandas, and joins the trace to the connections.

    ./tcpsim run experiments/configs/quickstart.yaml --trace
    python3 experiments/examples/read_results.py results/quickstart

Every per-connection and per-segment table carries the run's point, replication and swept parameters (numeric,
in SI units: topology.link.latency_s, workload.arrivals.rate_per_s, ...), and `connection` is the same number
everywhere: the workload's connection, 1, 2, ... in the order the clients opened them. So no merge on `point` is
needed, and `df[df.connection == 7]` selects one connection in connections and in trace alike.
With --json the script prints what it read as JSON (a test checks it against the files); --connection N picks
the connection of README's example (default 7).
"""
import json
import sys
from pathlib import Path

import pandas as pd

# Empty cells mean "not applicable". In a column of integers pandas would read them as NaN and make the whole
# column float64 (seq 4294967280 -> 4294967280.0); the nullable integer dtype keeps the integers and shows <NA>.
CONNECTIONS_INTS = {"client_port": "Int64", "server_tcb": "Int64"}
TRACE_INTS = {"connection": "Int64", "tcb": "Int64", "seq": "Int64", "ack": "Int64", "length": "Int64"}


def read(folder):
    """Every table of the folder; the trace only when the run wrote one (run --trace)."""
    f = Path(folder)
    tables = {
        "summary": pd.read_csv(f / "summary.csv"),
        # the same rows as JSON; swept values as written stay text ("5ms"), their numeric columns are numbers
        "summary_json": pd.DataFrame(json.loads((f / "summary.json").read_text())),
        # the big tables are gzip-compressed CSV: pandas infers the compression from the name
        "connections": pd.read_csv(f / "connections.csv.gz", dtype=CONNECTIONS_INTS),
        # binned by default (bin_start_s, bin_end_s, host, state, mean, max); output.occupancy: exact gives the
        # step changes (host, time_s, state, count) instead
        "occupancy": pd.read_csv(f / "occupancy.csv.gz"),
    }
    if (f / "trace.csv.gz").exists():
        tables["trace"] = pd.read_csv(f / "trace.csv.gz", dtype=TRACE_INTS)
    return tables


def parameter_columns(connections):
    """The swept parameters: the columns between replication and connection."""
    cols = list(connections.columns)
    return cols[cols.index("replication") + 1:cols.index("connection")]


def join(connections, trace):
    """Each trace row with the record of its connection (rows of no connection, e.g. a refused SYN, are left out)."""
    keys = ["point", "replication"] + parameter_columns(connections) + ["connection"]
    return trace.dropna(subset=["connection"]).merge(connections, on=keys, how="inner", validate="many_to_one")


def time_wait_by_bin(occupancy):
    """Mean TIME_WAIT count over all hosts per point and bin, averaged over replications. A binned table has no
    row where a host held none in the whole bin, so the sum over hosts is taken first and missing runs count 0."""
    tw = occupancy[occupancy.state == "TIME_WAIT"]
    if "mean" not in tw.columns:
        return None  # an exact table: integrate the steps instead
    per_run = tw.groupby(["point", "replication", "bin_start_s"])["mean"].sum()
    grid = per_run.unstack("replication", fill_value=0.0)
    return grid.mean(axis=1)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    t = read(argv[1])
    n = int(argv[argv.index("--connection") + 1]) if "--connection" in argv else 7
    conns = t["connections"]
    report = {name: len(df) for name, df in t.items()}
    report["parameter_columns"] = parameter_columns(conns)
    report["time_wait_bins"] = 0 if time_wait_by_bin(t["occupancy"]) is None else len(time_wait_by_bin(t["occupancy"]))
    if "trace" in t:
        trace = t["trace"]
        joined = join(conns, trace)
        # which end sent or received each segment: the client's TCB or the server's (a drop row's host is the node
        # that lost the segment, its tcb the sender's)
        at_an_end = joined[joined.event != "drop"]
        client_side = at_an_end[at_an_end.tcb == at_an_end.client_tcb]
        server_side = at_an_end[at_an_end.tcb == at_an_end.server_tcb]
        report.update({
            "dtypes": {c: str(trace[c].dtype) for c in ["connection", "tcb", "seq", "ack", "length"]},
            "joined": len(joined),
            "trace_rows_with_a_connection": int(trace.connection.notna().sum()),
            "client_side_on_client_host": bool((client_side.host == client_side.client).all()),
            "server_side_on_server_host": bool((server_side.host == server_side.server).all()),
            "drops": int((joined.event == "drop").sum()),
            "client_side": len(client_side),
            "server_side": len(server_side),
            "max_seq": int(trace.seq.max()),
            # README's example: one connection, in both tables
            "connection": {"n": n, "connections": len(conns[conns.connection == n]),
                           "trace": len(trace[trace.connection == n])},
        })
    if "--json" in argv:
        print(json.dumps(report, sort_keys=True))
    else:
        for k, v in report.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
