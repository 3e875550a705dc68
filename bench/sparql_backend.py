"""bench/run --backend sparql: seeother in front of Virtuoso, on the same machine.

- Virtuoso 7 (Debian's virtuoso-opensource) is started with an ini of its own in the scratch
  directory and free ports; the benchmark's N-Triples file is loaded with its bulk loader
  (ld_dir + rdf_loader_run + checkpoint): load time and database size are reported beside
  seeother's own loading of the same file.
- The HTTP part (cached replies against nginx) runs as in the file mode, with seeother
  started with --sparql instead of --data (bench.py: start_benchmark_seeother).
- The cold part (this module): seeother with --cache-mb 0, so that every request asks the
  engine, rotating over --rotate things, for `/id/X` (303) and `/doc/X` (Turtle); beside it,
  the very queries seeother sent for a sample of those requests (captured with
  SEEOTHER_SPARQL_TRACE=1) sent straight to Virtuoso by wrk (bench/replay.lua) at the same
  number of connections. The engine's rate in requests per second is its query rate
  divided by the queries one request takes; seeother's rate over it is the ratio the issue
  asks for (at least 0.5: the engine is the limit). seeother's RSS after the runs.
"""

import http.client
import os
import re
import shutil
import subprocess
import time
import urllib.parse

import bench as b  # bench/bench.py (its helpers: CHILDREN, log, wrk, Stop, ...)

GRAPH = "http://bench.example/graph"


class Virtuoso:
    def __init__(self, workdir, buffers):
        self.dir = os.path.join(workdir, "virtuoso")
        os.makedirs(self.dir, exist_ok=True)
        self.sql_port, self.http_port = b.free_port(), b.free_port()
        d = self.dir
        with open(os.path.join(d, "virtuoso.ini"), "w") as f:
            f.write(f"""[Database]
DatabaseFile = {d}/db.db
ErrorLogFile = {d}/db.log
LockFile = {d}/db.lck
TransactionFile = {d}/db.trx
xa_persistent_file = {d}/db.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/temp.db
TransactionFile = {d}/temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{self.sql_port}
ServerThreads = 20
CheckpointInterval = 0
MaxSortedTopRows = 100000
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{self.http_port}
ServerRoot = {d}
ServerThreads = 16
MaxClientConnections = 16
KeepAliveTimeout = 60

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
""")
        self.proc = b.CHILDREN.start(["virtuoso-t", "-f", "-c", os.path.join(d, "virtuoso.ini")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     cwd=d)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise b.Stop("virtuoso-t exited: " + b.read_tail(os.path.join(d, "db.log")))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
                c.request("GET", "/sparql?query=ASK%7B%7D")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise b.Stop("Virtuoso did not answer within 120 s: "
                             + b.read_tail(os.path.join(d, "db.log")))
            time.sleep(0.5)
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, sql, timeout=3600):
        out = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                              "exec=" + sql], capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0 or "*** Error" in out.stdout:
            raise b.Stop(f"isql-vt failed on {sql}: {out.stdout[-1000:]}{out.stderr[-500:]}")
        return out.stdout

    def load(self, nt_file):
        """Bulk-loads the file into GRAPH; (seconds, database bytes after a checkpoint)."""
        copy = os.path.join(self.dir, "data.nt")
        shutil.copyfile(nt_file, copy)
        started = time.monotonic()
        self.isql(f"ld_dir('{self.dir}', 'data.nt', '{GRAPH}');")
        self.isql("rdf_loader_run();")
        self.isql("checkpoint;")
        seconds = time.monotonic() - started
        os.remove(copy)
        size = sum(os.path.getsize(os.path.join(self.dir, n)) for n in os.listdir(self.dir)
                   if n.endswith(".db") or n.endswith(".trx"))
        return seconds, size

    def pids(self):
        return [self.proc.pid]


_engine = {}


def ensure_engine(args, workdir):
    """Virtuoso, started and loaded with the benchmark's data once per run."""
    if "v" not in _engine:
        stem = b.ensure_data(args.things, args)
        b.log("starting Virtuoso")
        v = Virtuoso(workdir, args.virtuoso_buffers)
        b.log(f"  answering on port {v.http_port}; bulk-loading bench-{args.things}.nt")
        seconds, size = v.load(stem + ".nt")
        b.log(f"  loaded in {seconds:.1f} s, {size / 1e6:.0f} MB on disk")
        _engine["v"] = v
        _engine["load"] = {"seconds": seconds, "bytes": size}
    return _engine["v"]


def store_args(args, workdir):
    v = ensure_engine(args, workdir)
    # --cache-ttl beyond the run: the HTTP part compares cached replies with nginx, and
    # fetching every representation first takes longer than the default minute.
    return ["--sparql", v.endpoint, "--sparql-graph", GRAPH, "--sparql-timeout", "30",
            "--cache-ttl", "86400"]


def update_args(workdir):
    """seeother's options to write to the benchmark's Virtuoso: its /sparql-auth as dba."""
    v = _engine["v"]
    auth = os.path.join(workdir, "virtuoso-auth")
    with open(auth, "w") as f:
        f.write("dba:dba\n")
    return ["--sparql-update", v.endpoint + "-auth", "--sparql-auth", auth]


def metrics(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/metrics")
    return c.getresponse().read().decode()


def metric(text, name):
    m = re.search(r"^" + re.escape(name) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else None


def wait_background(port, timeout=600):
    """Until the statistics are in and the background has stopped asking (1 s quiet)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        text = metrics(port)
        now = metric(text, 'seeother_store_queries_total{asked_by="background"}')
        if metric(text, "seeother_store_triples") is not None and now == last:
            return
        last = now
        time.sleep(1)
    raise b.Stop("seeother's background queries did not finish")


def rss_kb(pid):
    """VmRSS and VmHWM (peak) of a process, in kB."""
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def capture_queries(args, workdir, things, kinds):
    """The form bodies seeother sends for each kind of cold request, over `things`."""
    log_path = os.path.join(workdir, "trace.log")
    env = dict(os.environ, SEEOTHER_SPARQL_TRACE="1")
    with open(log_path, "wb") as log_file:
        proc = b.CHILDREN.start([args.seeother, "--base", b.BASE, "--listen", "127.0.0.1:0",
                                 "--cache-mb", "0"] + store_args(args, workdir),
                                stdout=subprocess.PIPE, stderr=log_file, env=env)
        m, _ = b.read_line_matching(proc, r"listening on http://127\.0\.0\.1:(\d+)/", 120,
                                    "seeother --sparql")
        port = int(m.group(1))
        wait_background(port)
        client = b.Client(port)
        client.get(kinds[0].path(things[-1]), kinds[0].headers(args.host))  # the engine probe
        bodies = {}
        for kind in kinds:
            log_file.flush()
            start = os.path.getsize(log_path)
            for t in things:
                status, _, _ = client.get(kind.path(t), kind.headers(args.host))
                if status != kind.status:
                    raise b.Stop(f"{kind.path(t)}: {status}, not {kind.status}")
            time.sleep(0.2)
            with open(log_path, "rb") as f:
                f.seek(start)
                text = f.read().decode("utf-8", "replace")
            queries = re.findall(r"seeother: SPARQL query:\n(.*?)\nseeother: SPARQL answer",
                                 text, re.S)
            bodies[kind.name] = ["query=" + urllib.parse.quote(q, safe="") for q in queries]
        client.close()
        b.CHILDREN.stop(proc)
    return bodies


def cold_benchmark(args, workdir):
    v = ensure_engine(args, workdir)
    stem = b.ensure_data(args.things, args)
    things = b.rotation(stem, args.rotate)
    kinds = [k for k in b.ALL_KINDS if k.name in ("id", "ttl")]
    sample = things[:: max(1, len(things) // args.cold_sample)][: args.cold_sample]
    b.log(f"capturing the queries of {len(sample)} cold requests of each kind")
    bodies = capture_queries(args, workdir, sample, kinds)
    per_request = {k.name: len(bodies[k.name]) / len(sample) for k in kinds}
    b.log("  queries per request: " + ", ".join(f"{n} {q:.2f}" for n, q in per_request.items()))

    so = b.Seeother(args.seeother, None, workdir, ["--cache-mb", "0"],
                    store_args=store_args(args, workdir))
    wait_background(so.port)
    files = {}
    for k in kinds:
        files[k.name] = os.path.join(workdir, f"cold-{k.name}.txt")
        with open(files[k.name], "w") as f:
            f.write("\n".join(k.path(t) for t in things) + "\n")
        files["q-" + k.name] = os.path.join(workdir, f"queries-{k.name}.txt")
        with open(files["q-" + k.name], "w") as f:
            f.write("\n".join(bodies[k.name]) + "\n")

    conns = args.cold_connections
    runs = []
    cursor = 0
    for rnd in range(args.rounds):
        for k in kinds:
            order = ("seeother", "engine") if rnd % 2 == 0 else ("engine", "seeother")
            for who in order:
                if who == "seeother":
                    r = b.run_wrk(so.port, files[k.name], k, args.host, conns, 1,
                                  args.duration, so.pids() + v.pids(), args.wrk_timeout, cursor)
                    cursor += r["requests"]
                    r["per_second"] = r["rps"]
                else:
                    proc = b.CHILDREN.start(
                        ["wrk", "-t1", f"-c{conns}", f"-d{args.duration}s", "--latency",
                         f"--timeout={args.wrk_timeout}s", "-s",
                         os.path.join(b.HERE, "replay.lua"), f"http://127.0.0.1:{v.http_port}",
                         "--", files["q-" + k.name], "/sparql", str(rnd * 7919), "1"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    cpu0 = b.cpu_seconds(v.pids())
                    r = b.finish_wrk(proc, args.duration + args.wrk_timeout + 30)
                    cpu = b.cpu_seconds(v.pids()) - cpu0
                    r["cpu_us_per_req"] = cpu * 1e6 / r["requests"] if r["requests"] else 0
                    r["per_second"] = r["rps"] / per_request[k.name]
                r.update(who=who, kind=k.name, round=rnd + 1)
                runs.append(r)
                err = f", {r['error_total']} errors" if r["error_total"] else ""
                b.log(f"round {rnd + 1}/{args.rounds} {k.name:4} {who:8} c={conns} "
                      f"{r['per_second']:8.0f} req/s (wrk {r['rps']:8.0f}/s)  "
                      f"p50 {r['latency_us']['p50'] / 1000:6.2f} ms{err}")
    rss, hwm = rss_kb(so.proc.pid)
    so.stop()

    # seeother's own loading of the same file, for the comparison with Virtuoso's.
    files_mode = b.Seeother(args.seeother, stem + ".nt", workdir)
    load_rss, _ = rss_kb(files_mode.proc.pid)
    files_load = files_mode.load_seconds
    files_mode.stop()
    return {"things": args.things, "rotation": len(things), "sample": len(sample),
            "per_request": per_request, "runs": runs, "rss_kb": rss, "hwm_kb": hwm,
            "connections": conns, "virtuoso_load": _engine["load"],
            "files_load_seconds": files_load, "files_rss_kb": load_rss}


def cold_report(args, machine, versions, res):
    out = [f"### SPARQL backend, cold: seeother against the engine's own rate "
           f"({res['things']:,} things, Virtuoso on the same machine)", "",
           b.header_block(args, machine, versions, ["seeother", "virtuoso"]),
           f"- seeother `--sparql` with `--cache-mb 0` (every request asks the engine), "
           f"wrk rotating over {res['rotation']:,} things at {res['connections']} connections; "
           f"the engine: the queries seeother sent for {res['sample']} such requests of each "
           f"kind, replayed by wrk (`bench/replay.lua`) straight to Virtuoso at the same "
           f"connections, its query rate divided by the queries per request. "
           f"{args.rounds} round(s) of {args.duration} s, medians.", "",
           "| request | queries per request | seeother req/s | engine req/s (same queries) "
           "| seeother / engine | seeother p50 | engine p50 per query |",
           "|---|--:|--:|--:|--:|--:|--:|"]
    for kind in ("id", "ttl"):
        so = [r for r in res["runs"] if r["kind"] == kind and r["who"] == "seeother"]
        en = [r for r in res["runs"] if r["kind"] == kind and r["who"] == "engine"]
        s_rate = b.median([r["per_second"] for r in so])
        e_rate = b.median([r["per_second"] for r in en])
        label = next(k.label for k in b.ALL_KINDS if k.name == kind)
        out.append(f"| {label} | {res['per_request'][kind]:.2f} | {s_rate:,.0f} | "
                   f"{e_rate:,.0f} | {b.fmt_ratio(s_rate, e_rate)} | "
                   f"{b.fmt_ms(b.median([r['latency_us']['p50'] for r in so]))} | "
                   f"{b.fmt_ms(b.median([r['latency_us']['p50'] for r in en]))} |")
    vl = res["virtuoso_load"]
    out += ["",
            f"- seeother's RSS in SPARQL mode after the cold runs: {b.fmt_mb(res['rss_kb'])} "
            f"(peak {b.fmt_mb(res['hwm_kb'])}), no reply cache.",
            f"- loading `bench-{res['things']}.nt`: Virtuoso's bulk loader {vl['seconds']:.1f} s, "
            f"{vl['bytes'] / 1e6:,.0f} MB of database files; seeother `--data` "
            f"{res['files_load_seconds']:.1f} s to `listening`, {b.fmt_mb(res['files_rss_kb'])} "
            f"RSS.", ""]
    return "\n".join(out)
