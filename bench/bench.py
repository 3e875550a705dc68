#!/usr/bin/env python3
"""seeother against nginx serving the same bytes, seeother's loading against serdi/sordi,
edits and reads under edits, and seeother's memory under sustained load.

Run it through bench/run, which installs the tools and builds seeother first. Steps:

1. generate the data set (bench/generate.py) unless it is already there;
2. start seeother on it, fetch every representation the load will ask for (with the Host
   header nginx will be addressed with, over several connections) and write them as static
   files; start nginx on them and check, for a sample, that both answer each kind of
   request with the same status, Content-Type and body;
3. for each round and each kind of request, wrk against seeother then nginx (the order
   alternates between rounds) at --connections connections, then at 1 connection; every
   request goes to the next thing of the rotation list (bench/rotate.lua), each run going
   on where that server's previous run of that kind stopped; seeother's cache hits per run
   from its /metrics;
4. the 65th-client probe: fresh connections' single requests while --connections
   connections hammer the server;
4b. crowds: 10,000 idle kept-alive connections held (RSS, threads, a new client's time),
   and a burst of 2,000 connections at once, half of them closing (answers, peak RSS);
5. loading: wall time to "listening" and peak RSS of seeother for the N-Triples and the
   Turtle file, beside serdi and sordi on the same files, and the time of the first
   requests right after "listening";
5b. edits (when seeother takes writes): reads at --connections connections alone, beside
   one editor putting changed descriptions back to back (each checked by a GET right
   after its reply), and the editor alone: edit latency, visibility, the readers' rate,
   p99 and longest wait;
6. the soak (only when asked for): one wrk run of --soak-seconds mixing every kind of
   request, seeother's RSS sampled throughout;
7. the tables go to stdout and into docs/performance.md, between markers.

Every wait is bounded and every child process is ended on exit or interruption.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import resource
import select
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402  (bench/generate.py)

# bench/sparql_backend.py uses this module's helpers: one module, whether run or imported.
sys.modules.setdefault("bench", sys.modules[__name__])
import sparql_backend  # noqa: E402

BASE = generate.BASE
CHROMIUM_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                   "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
# Response headers nginx is told to send as seeother does (values with the thing's name
# replaced), so that both put about the same bytes on the wire.
MIRRORED_HEADERS = ["cache-control", "content-location", "link", "vary",
                    "access-control-allow-origin", "access-control-expose-headers",
                    "x-content-type-options"]
RESULTS_DOC = os.path.join(ROOT, "docs", "performance.md")


class Kind:
    """One kind of request: the path for a thing, the Accept header, what must come back."""

    def __init__(self, name, label, template, accept, status, ext):
        self.name, self.label, self.template = name, label, template
        self.accept, self.status, self.ext = accept, status, ext

    def path(self, thing):
        return self.template.format(thing)

    def headers(self, host):
        h = {"Host": host}
        if self.accept:
            h["Accept"] = self.accept
        return h


ALL_KINDS = [
    Kind("id", "`/id/X` → 303", "/id/{}", None, 303, "see"),
    Kind("ttl", "`/doc/X`, Accept: text/turtle", "/doc/{}", "text/turtle", 200, "ttl"),
    Kind("html", "`/doc/X.html`", "/doc/{}.html", None, 200, "html"),
    Kind("browser", "`/doc/X`, Chromium's Accept", "/doc/{}", CHROMIUM_ACCEPT, 200, "bhtml"),
    Kind("jsonld", "`/doc/X`, Accept: application/ld+json", "/doc/{}", "application/ld+json",
         200, "jsonld"),
]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Stop(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Child processes: each in its own process group, all ended on exit.

class Children:
    def __init__(self):
        self.procs = []

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM, timeout=10):
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(5)
        else:
            # The leader is gone; make sure nothing it started lingers in its group.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if p in self.procs:
            self.procs.remove(p)
        return p.returncode

    def stop_all(self):
        for p in reversed(list(self.procs)):
            self.stop(p, timeout=5)


CHILDREN = Children()


def on_signal(signum, _frame):
    raise Stop(f"interrupted by signal {signum}")


def read_line_matching(proc, pattern, timeout, what):
    """Reads proc.stdout until a line matches; returns (match, seconds waited)."""
    started = time.monotonic()
    deadline = started + timeout
    buf = b""
    fd = proc.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Stop(f"{what}: no line matching {pattern!r} within {timeout:.0f} s")
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            if proc.poll() is not None:
                raise Stop(f"{what} exited with {proc.returncode} before {pattern!r}")
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            proc.wait(5)
            raise Stop(f"{what} closed stdout (exit {proc.returncode}) before {pattern!r}")
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            m = re.search(pattern, line.decode("utf-8", "replace"))
            if m:
                return m, time.monotonic() - started


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids):
    """User + system CPU time of these processes so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def child_pids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


# ---------------------------------------------------------------------------------------
# Servers

class Seeother:
    def __init__(self, binary, data, workdir, extra_args=(), listen="127.0.0.1:0", timeout=600,
                 store_args=None):
        """On `data` (--data), or on what `store_args` name (--sparql ...)."""
        self.log_path = os.path.join(workdir, "seeother.log")
        self.log = open(self.log_path, "wb")
        store = store_args if store_args is not None else ["--data", data]
        self.proc = CHILDREN.start([binary] + store + ["--base", BASE, "--listen", listen]
                                   + list(extra_args),
                                   stdout=subprocess.PIPE, stderr=self.log)
        m, self.load_seconds = read_line_matching(
            self.proc, r"listening on http://127\.0\.0\.1:(\d+)/", timeout, "seeother")
        self.port = int(m.group(1))

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        # Freeing a million things' store takes a while; SIGKILL only after a minute.
        rc = CHILDREN.stop(self.proc, timeout=60)
        self.log.close()
        return rc


class Nginx:
    def __init__(self, workdir, static, kinds, samples, host, files):
        self.dir = os.path.join(workdir, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(nginx_config(self.dir, static, self.port, kinds, samples, host, files))
        self.error_log = os.path.join(self.dir, "error.log")
        # -e: the error log from the start (Debian's default path is not ours to write).
        self.proc = CHILDREN.start(["nginx", "-p", self.dir, "-c", conf, "-e", self.error_log],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while True:
            if self.proc.poll() is not None:
                raise Stop(f"nginx exited with {self.proc.returncode}: "
                           + self.proc.stderr.read().decode(errors="replace")
                           + read_tail(self.error_log))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise Stop("nginx did not start listening within 15 s")
                time.sleep(0.1)

    def pids(self):
        return [self.proc.pid] + child_pids(self.proc.pid)

    def stop(self):
        # SIGQUIT is nginx's graceful stop; Children falls back to SIGKILL.
        return CHILDREN.stop(self.proc, sig=signal.SIGQUIT)


def read_tail(path, n=2000):
    try:
        with open(path, "rb") as f:
            return f.read()[-n:].decode(errors="replace")
    except OSError:
        return ""


def nginx_quote(value):
    if "'" in value or "\\" in value or "$" in value:
        return None  # not expressible as a plain nginx string; the header is left out
    return "'" + value + "'"


def mirrored_headers(sample, thing):
    """add_header lines reproducing seeother's headers for `kind`, with ${thing} for X."""
    lines = []
    for name in MIRRORED_HEADERS:
        value = sample["headers"].get(name)
        if value is None:
            continue
        q = nginx_quote(value)
        if q is None:
            continue
        q = q.replace(thing, "${thing}")
        lines.append(f"            add_header {name.title()} {q};")
    return "\n".join(lines)


def nginx_config(d, static, port, kinds, samples, host, files):
    """samples: kind name -> {"thing", "headers", "content_type"} from seeother; files: how
    many static files there are."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    nofile = files + 8192 if hard == resource.RLIM_INFINITY else min(files + 8192, hard)
    connections = min(4096, nofile // 4)
    cache_files = max(1000, min(files, nofile - connections - 256))
    types = "\n".join(f"        '{samples[k.name]['content_type']}' {k.ext};"
                      for k in kinds if k.name in samples and samples[k.name]["content_type"])
    by_name = {k.name: k for k in kinds}
    accept_map = []
    for k in kinds:
        if k.template == "/doc/{}" and k.accept:
            accept_map.append(f"        '{k.accept}' {k.ext};")
    locations = []
    if "id" in by_name:
        s = samples["id"]
        locations.append(f"""
        location ~ ^/id/(?<thing>.+)$ {{
            # The same body as seeother's 303: nginx sends a file for the status.
            error_page 303 =303 /see/${{thing}}.see;
            return 303 'http://{host}/doc/${{thing}}';
        }}
        location /see/ {{
            internal;
{mirrored_headers(s, s['thing'])}
        }}""")
    if "html" in by_name:
        s = samples["html"]
        locations.append(f"""
        location ~ ^/doc/(?<thing>.+)\\.html$ {{
{mirrored_headers(s, s['thing'])}
            try_files /html/${{thing}}.html =404;
        }}""")
    # /doc/X: one location, the file chosen by the Accept header (an exact-match map, the
    # cheapest nginx can do); seeother's headers are the same for every negotiated kind up
    # to the format names, so each kind's Link and Content-Location come through a map too.
    negotiated = [k for k in kinds if k.template == "/doc/{}"]
    header_maps = []
    doc_headers = []
    if negotiated:
        for name in MIRRORED_HEADERS:
            values = {}
            for k in negotiated:
                value = samples[k.name]["headers"].get(name)
                q = nginx_quote(value) if value is not None else None
                values[k.ext] = q.replace(samples[k.name]["thing"], "${thing}") if q else "''"
            var = "$h_" + name.replace("-", "_")
            default = values[negotiated[0].ext]
            entries = "\n".join(f"        {ext} {v};" for ext, v in values.items())
            header_maps.append(f"    map $doc_ext {var} {{\n        default {default};\n"
                               f"{entries}\n    }}")
            doc_headers.append(f"            add_header {name.title()} {var};")
        default_ext = negotiated[0].ext
        locations.append(f"""
        location ~ ^/doc/(?<thing>.+)$ {{
{chr(10).join(doc_headers)}
            try_files /$doc_ext/${{thing}}.$doc_ext =404;
        }}""")
    else:
        default_ext = "ttl"
    return f"""# Generated by bench/bench.py: nginx serving the bytes seeother produced.
worker_processes auto;
daemon off;
master_process on;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
# open_file_cache keeps served files open, as many as the descriptor limit leaves room for
# beside the connections (one kind's rotation at least, so each run is served from it).
worker_rlimit_nofile {nofile};
events {{
    worker_connections {connections};
}}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max={cache_files} inactive=300s;
    open_file_cache_valid 300s;
    types {{
{types}
    }}
    default_type application/octet-stream;
    map_hash_bucket_size 256;
    types_hash_bucket_size 128;
    map $http_accept $doc_ext {{
        default {default_ext};
{chr(10).join(accept_map)}
    }}
{chr(10).join(header_maps)}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {static};
{''.join(locations)}
    }}
}}
"""


# ---------------------------------------------------------------------------------------
# Fetching

class Client:
    """One kept-alive HTTP/1.1 connection to 127.0.0.1:port (http.client)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path, headers):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("GET", path, headers=headers)
                r = self.conn.getresponse()
                body = r.read()
                return r.status, {k.lower(): v for k, v in r.getheaders()}, body
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def close(self):
        if self.conn:
            self.conn.close()


FETCH_CONNECTIONS = 4  # kept-alive connections (one thread each) fetching the static files


def fetch_static(port, things, kinds, static, host, connections=FETCH_CONNECTIONS):
    """Writes seeother's answer for every thing and kind under static/<ext>/<thing>.<ext>,
    over `connections` connections; the bodies go straight to their files. Stops early
    when the first things show that the files would not fit where they are written."""
    samples = {}
    made = set()

    def fetch(client, thing):
        size = 0
        for k in kinds:
            status, headers, body = client.get(k.path(thing), k.headers(host))
            if status != k.status:
                raise Stop(f"seeother answered {status} to {k.path(thing)} ({k.name}), "
                           f"expected {k.status}")
            target = os.path.join(static, k.ext, thing + "." + k.ext)
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(target, "wb") as f:
                f.write(body)
            size += -(-max(len(body), 1) // 4096) * 4096  # whole pages, as tmpfs keeps them
            if k.name not in samples:
                samples[k.name] = {"thing": thing, "headers": headers,
                                   "content_type": headers.get("content-type", "")}
        return size

    started = time.monotonic()
    client = Client(port)
    head = things[:200 if connections <= FETCH_CONNECTIONS else 20]
    size = sum(fetch(client, thing) for thing in head)
    client.close()
    need = size / len(head) * len(things)
    st = os.statvfs(static)
    free = st.f_bavail * st.f_frsize
    if need > free - (512 << 20):
        raise Stop(f"the static files of {len(things)} things × {len(kinds)} kinds would take "
                   f"about {need / 1e9:.1f} GB, and {static} has {free / 1e9:.1f} GB free: ask "
                   f"for fewer --kinds or a shorter --rotate")

    lock, halt = threading.Lock(), threading.Event()
    state = {"next": len(head), "done": len(head), "error": None}

    def worker():
        c = Client(port)
        try:
            while not halt.is_set():
                with lock:
                    first = state["next"]
                    state["next"] += 256
                if first >= len(things):
                    break
                for thing in things[first:first + 256]:
                    fetch(c, thing)
                with lock:
                    state["done"] += len(things[first:first + 256])
        except BaseException as e:  # handed to the main thread
            with lock:
                state["error"] = state["error"] or e
            halt.set()
        finally:
            c.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    last = time.monotonic()
    try:
        for t in threads:
            while t.is_alive():
                t.join(1.0)
                if time.monotonic() - last > 10:
                    last = time.monotonic()
                    done = state["done"]
                    rate = done / (last - started)
                    log(f"  fetched {done}/{len(things)} things × {len(kinds)} kinds, "
                        f"{rate:.0f} things/s, {(len(things) - done) / rate:.0f} s to go")
    finally:
        halt.set()
    if state["error"] is not None:
        e = state["error"]
        raise e if isinstance(e, Stop) else Stop(f"fetching from seeother: {e!r}")
    log(f"  fetched {len(things)} things × {len(kinds)} kinds in "
        f"{time.monotonic() - started:.1f} s")
    return samples


def verify_same(so_port, ng_port, things, kinds, host, count=40):
    """Both servers give the same status, Content-Type, Location and body for a sample."""
    a, b = Client(so_port), Client(ng_port)
    step = max(1, len(things) // count)
    problems = []
    for thing in things[::step][:count]:
        for k in kinds:
            ra = a.get(k.path(thing), k.headers(host))
            rb = b.get(k.path(thing), k.headers(host))
            for what, va, vb in (("status", ra[0], rb[0]),
                                 ("content-type", ra[1].get("content-type"),
                                  rb[1].get("content-type")),
                                 ("location", ra[1].get("location"), rb[1].get("location")),
                                 ("link", ra[1].get("link"), rb[1].get("link")),
                                 ("body", ra[2], rb[2])):
                if va != vb:
                    problems.append(f"{k.name} {k.path(thing)}: {what} differs: "
                                    f"{str(va)[:80]!r} vs {str(vb)[:80]!r}")
    a.close()
    b.close()
    return problems


# ---------------------------------------------------------------------------------------
# Load generation

def start_wrk(port, paths_file, accept, host, connections, threads, duration, timeout_s,
              start=0, cpus=None):
    """wrk on bench/rotate.lua, started (on `cpus` when given); finish_wrk() waits for it
    and reads its result."""
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
            f"--timeout={timeout_s}s", "-s", os.path.join(HERE, "rotate.lua"),
            f"http://127.0.0.1:{port}", "--", paths_file, accept or "-", host, str(start),
            str(threads)]
    pin_child = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    return CHILDREN.start(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          preexec_fn=pin_child)


ALL_CPUS = os.sched_getaffinity(0)


def pin(pids, cpus):
    """Every thread of these processes on `cpus`; threads they start later inherit it."""
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                os.sched_setaffinity(int(tid), cpus)
            except OSError:
                pass


def finish_wrk(proc, wait):
    """wrk's BENCH_RESULT, waiting at most `wait` seconds."""
    try:
        out, err = proc.communicate(timeout=wait)
    except subprocess.TimeoutExpired:
        CHILDREN.stop(proc)
        raise Stop(f"wrk did not finish within {wait:.0f} s")
    CHILDREN.stop(proc)
    text = out.decode(errors="replace")
    m = re.search(r"BENCH_RESULT (\{.*\})", text)
    if proc.returncode != 0 or not m:
        raise Stop(f"wrk failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}"
                   f"{text[-500:]}")
    r = json.loads(m.group(1))
    seconds = r["duration_us"] / 1e6
    r["rps"] = r["requests"] / seconds if seconds else 0.0
    r["error_total"] = sum(r["errors"].values())
    return r


def run_wrk(port, paths_file, kind, host, connections, threads, duration, pids, timeout_s,
            start=0):
    # One connection: wrk on the first CPU, the server on the second, for both servers
    # alike. Left to itself, the scheduler keeps client and server on one core in some
    # runs and apart in others, and one request's time doubles between the two, for nginx
    # as for seeother: a median of a few runs would measure that draw.
    cpus = sorted(ALL_CPUS)
    pinned = connections == 1 and len(cpus) >= 2
    if pinned:
        pin(pids, {cpus[1]})
    try:
        cpu0 = cpu_seconds(pids)
        proc = start_wrk(port, paths_file, kind.accept, host, connections, threads, duration,
                         timeout_s, start, {cpus[0]} if pinned else None)
        r = finish_wrk(proc, duration + timeout_s + 30)
        cpu = cpu_seconds(pids) - cpu0
    finally:
        if pinned:
            pin(pids, ALL_CPUS)
    r["cpu_us_per_req"] = cpu * 1e6 / r["requests"] if r["requests"] else float("nan")
    return r


def probe_65th(port, path, host, accept, connections, threads, paths_file, kind, probes,
               probe_timeout):
    """Fresh-connection request times (seconds, or what went wrong) while `connections`
    connections hammer the server."""
    duration = 3 + probes * (probe_timeout + 2)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout=10s",
            "-s", os.path.join(HERE, "rotate.lua"), f"http://127.0.0.1:{port}", "--",
            paths_file, kind.accept or "-", host]
    wrk = CHILDREN.start(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        time.sleep(2)  # let every connection be established and busy
        for _ in range(probes):
            cmd = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                   "--max-time", str(probe_timeout), "-H", f"Host: {host}"]
            if accept:
                cmd += ["-H", f"Accept: {accept}"]
            cmd.append(f"http://127.0.0.1:{port}{path}")
            times.append(curl_once(cmd, probe_timeout))
            time.sleep(0.5)
    finally:
        CHILDREN.stop(wrk)
    return times


# ---------------------------------------------------------------------------------------
# Loading

def parse_time_v(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            out[key] = value
    rss_kb = int(out.get("Maximum resident set size (kbytes)", "0"))
    wall = out.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0:0")
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    return rss_kb, seconds


def measure_seeother_load(binary, data, workdir, timeout, thing, host):
    tv = os.path.join(workdir, "time-seeother.txt")
    errlog = os.path.join(workdir, "load-seeother.err")
    with open(errlog, "wb") as err:
        proc = CHILDREN.start(["/usr/bin/time", "-v", "-o", tv, binary, "--data", data,
                               "--base", BASE, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=err)
        try:
            m, seconds = read_line_matching(proc, r"listening on http://127\.0\.0\.1:(\d+)/",
                                            timeout, "seeother (load)")
            first = first_requests(int(m.group(1)), thing, host)
        finally:
            # SIGTERM to seeother (time's child), then time reports and exits.
            for pid in child_pids(proc.pid):
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                pass
            CHILDREN.stop(proc)
    rss_kb, _ = parse_time_v(tv)
    summary = read_tail(errlog, 4000).strip().splitlines()
    return {"seconds": seconds, "rss_kb": rss_kb, "first": first,
            "summary": summary[-1] if summary else ""}


def first_requests(port, thing, host):
    """Seconds for the first requests after `listening`, each on a new connection: /doc/X
    in Turtle, then /id/X. A string says what went wrong instead."""
    out = {}
    for name, path, accept, expected in (("doc", f"/doc/{thing}", "text/turtle", 200),
                                         ("id", f"/id/{thing}", None, 303)):
        headers = {"Host": host}
        if accept:
            headers["Accept"] = accept
        client = Client(port)
        started = time.monotonic()
        try:
            status, _, _ = client.get(path, headers)
            out[name] = time.monotonic() - started if status == expected else f"HTTP {status}"
        except (http.client.HTTPException, OSError) as e:
            out[name] = f"{type(e).__name__} after {time.monotonic() - started:.1f} s"
        finally:
            client.close()
    return out


def measure_tool(argv, workdir, name, timeout):
    tv = os.path.join(workdir, f"time-{name}.txt")
    proc = CHILDREN.start(["/usr/bin/time", "-v", "-o", tv] + argv,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        CHILDREN.stop(proc)
        raise Stop(f"{name} did not finish within {timeout} s")
    seconds = time.monotonic() - started
    CHILDREN.stop(proc)
    if proc.returncode != 0:
        raise Stop(f"{' '.join(argv)} failed: {err.decode(errors='replace')[-500:]}")
    rss_kb, _ = parse_time_v(tv)
    return {"seconds": seconds, "rss_kb": rss_kb}


def measure_loading(args, workdir):
    stem = ensure_data(args.load_things, args)
    thing = rotation(stem, 3)[1]  # a thing a third of the way down the list
    results = {}
    syntaxes = {"nt": "ntriples", "ttl": "turtle"}
    for fmt in ("nt", "ttl"):
        path = f"{stem}.{fmt}"
        size = os.path.getsize(path)
        runs = {"seeother": [], "serdi": [], "sordi": []}
        for r in range(args.load_rounds):
            log(f"loading {os.path.basename(path)} ({size / 1e6:.0f} MB), round {r + 1}/"
                f"{args.load_rounds}: seeother, serdi, sordi")
            runs["seeother"].append(measure_seeother_load(args.seeother, path, workdir,
                                                          args.load_timeout, thing, args.host))
            runs["serdi"].append(measure_tool(
                ["serdi", "-i", syntaxes[fmt], "-o", "ntriples", path], workdir, "serdi",
                args.load_timeout))
            runs["sordi"].append(measure_tool(
                ["sordi", "-i", syntaxes[fmt], "-o", "ntriples", path], workdir, "sordi",
                args.load_timeout))
        results[fmt] = {"size": size, "runs": runs}
    with open(f"{stem}.nt", "rb") as f:
        triples = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))
    return {"things": args.load_things, "triples": triples, "formats": results}


# ---------------------------------------------------------------------------------------
# Data

def ensure_data(things, args):
    stem = os.path.join(args.data_dir, f"bench-{things}")
    gen_mtime = os.path.getmtime(os.path.join(HERE, "generate.py"))
    fresh = all(os.path.exists(stem + ext) and os.path.getmtime(stem + ext) >= gen_mtime
                for ext in (".nt", ".ttl", ".things"))
    if not fresh:
        log(f"generating {things} things into {args.data_dir}")
        _, triples, seconds = generate.generate(things, args.data_dir, "1", True)
        log(f"  {triples} triples in {seconds:.1f} s")
    return stem


# ---------------------------------------------------------------------------------------
# Report

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_num(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def fmt_ms(us):
    if us is None:
        return "–"
    return f"{us / 1000:.2f} ms"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def fmt_pct(fraction):
    if fraction is None:
        return "–"
    return f"{fraction * 100:.0f} %"


def fmt_mb(kb):
    return f"{kb / 1024:,.0f} MB"


def machine_info():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
    except OSError:
        pass
    try:
        with open("/etc/os-release") as f:
            osname = re.search(r'PRETTY_NAME="([^"]*)"', f.read()).group(1)
    except (OSError, AttributeError):
        osname = platform.platform()
    with open("/proc/loadavg") as f:
        loadavg = " ".join(f.read().split()[:3])
    return {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "nproc": os.cpu_count(), "cpu": model, "ram_gb": mem_kb / 1024 / 1024,
            "os": osname, "kernel": platform.release(), "loadavg": loadavg}


def tool_versions():
    def run(argv):
        try:
            p = subprocess.run(argv, capture_output=True, timeout=10)
            return (p.stdout + p.stderr).decode(errors="replace").strip().splitlines()[0]
        except (OSError, subprocess.TimeoutExpired, IndexError):
            return "unavailable"

    rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no",
                            "rdf", "server"], capture_output=True, timeout=10).stdout.strip()
    return {"seeother": rev + (" (with uncommitted changes in rdf/ or server/)" if dirty else ""),
            "nginx": run(["nginx", "-v"]).replace("nginx version: nginx/", ""),
            "wrk": re.sub(r"^wrk |\s+Copyright.*", "", run(["wrk", "-v"])),
            "serdi": re.sub(r"^serdi |\s*<.*", "", run(["serdi", "-v"])),
            "sordi": re.sub(r"^sordi |\s*<.*", "", run(["sordi", "-v"])),
            "curl": run(["curl", "--version"]).split(" (")[0].replace("curl ", ""),
            "virtuoso": re.sub(r".*Version ", "", run(["sh", "-c", "virtuoso-t -? 2>&1 | "
                                                       "grep -m1 Version"]))}


def header_block(args, machine, versions, tools):
    lines = [
        f"- date: {machine['date']} (start of the run)",
        f"- command: `{args.command_line}`",
        f"- machine: {machine['nproc']} cores, {machine['cpu']}, {machine['ram_gb']:.0f} GB RAM, "
        f"{machine['os']}, Linux {machine['kernel']}; load average at start {machine['loadavg']}",
        "- versions: " + "; ".join(f"{t} {versions[t]}" for t in tools),
    ]
    return "\n".join(lines)


def http_report(args, machine, versions, res):
    kinds, rounds = res["kinds"], res["rounds"]
    variant = f" (`{args.seeother_args.strip()}`)" if args.seeother_args.strip() else \
        " (default options)"
    sparql = args.backend == "sparql"
    if sparql:
        variant = " `--sparql` on Virtuoso" + variant
    out = [f"### HTTP: seeother{variant} against nginx serving the same bytes", "",
           header_block(args, machine, versions, ["seeother", "nginx", "wrk", "curl"]
                        + (["virtuoso"] if sparql else [])),
           f"- data: {res['things']} things ({res['triples']} triples), served from "
           + (f"Virtuoso on this machine, bulk-loaded from "
              f"`{os.path.splitext(os.path.basename(res['data']))[0]}.nt` "
              f"(`--sparql-timeout 30 --cache-ttl 86400`: replies stay cached through the run)"
              if sparql else f"`{os.path.basename(res['data'])}`")
           + f"; rotation over {res['rotation']} things, each "
           f"run going on from where the server's previous run of that kind stopped; "
           f"Host: `{args.host}`; seeother options beyond --data/--base/--listen: "
           + (f"`{args.seeother_args.strip()}`" if args.seeother_args.strip()
              else "none (defaults)"),
           f"- load: wrk, {args.connections} connections on {args.threads} threads and 1 "
           f"connection on 1 thread, {args.duration} s each, {args.rounds} rounds, seeother "
           f"and nginx interleaved; medians over rounds",
           ""]
    if res["mismatches"]:
        out += ["**Setup problems** (the byte check failed or nginx logged errors; the nginx "
                "numbers are not trustworthy):", ""]
        out += [f"- {m}" for m in res["mismatches"][:10]] + [""]
    out += [f"| request | seeother req/s | nginx req/s | ratio | p99 seeother | p99 nginx "
            f"| p99 ratio | 1-conn p50 seeother | 1-conn p50 nginx | ratio | seeother CPU/req "
            f"| nginx CPU/req | seeother cache hits | errors s/n |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    summary = []
    for k in kinds:
        m = {}
        for server in ("seeother", "nginx"):
            many = [r for r in rounds if r["kind"] == k.name and r["server"] == server
                    and r["connections"] > 1]
            one = [r for r in rounds if r["kind"] == k.name and r["server"] == server
                   and r["connections"] == 1]
            m[server] = {
                "rps": median([r["rps"] for r in many]),
                "p99": median([r["latency_us"]["p99"] for r in many]),
                "p50_1": median([r["latency_us"]["p50"] for r in one]),
                "cpu": median([r["cpu_us_per_req"] for r in many]),
                "hit": median([r.get("cache_hit") for r in many]),
                "errors": sum(r["error_total"] for r in many + one),
            }
        s, n = m["seeother"], m["nginx"]
        out.append(f"| {k.label} | {fmt_num(s['rps'])} | {fmt_num(n['rps'])} | "
                   f"{fmt_ratio(s['rps'], n['rps'])} | {fmt_ms(s['p99'])} | {fmt_ms(n['p99'])} | "
                   f"{fmt_ratio(s['p99'], n['p99'])} | {fmt_ms(s['p50_1'])} | "
                   f"{fmt_ms(n['p50_1'])} | {fmt_ratio(s['p50_1'], n['p50_1'])} | "
                   f"{fmt_num(s['cpu'])} µs | {fmt_num(n['cpu'])} µs | "
                   f"{fmt_pct(s['hit'])} | {s['errors']}/{n['errors']} |")
        summary.append((k, m))
    out += ["", "Ratios are seeother / nginx: above 1× is better for req/s, worse for latency. "
            "CPU/req is the server's user+system CPU time per request over the "
            f"{args.connections}-connection runs (wrk shares the {machine['nproc']} cores). "
            "Cache hits: the share of seeother's cacheable requests in those runs that its "
            "reply cache answered (from `/metrics`; the rest were rendered). "
            "Errors count socket errors, timeouts and statuses ≥ 400 over every run.", ""]
    out += ["Per round (req/s at many connections):", "",
            "| request | server | " + " | ".join(f"round {i + 1}" for i in range(args.rounds))
            + " |", "|---|---|" + "--:|" * args.rounds]
    for k in kinds:
        for server in ("seeother", "nginx"):
            rps = [r["rps"] for r in rounds if r["kind"] == k.name and r["server"] == server
                   and r["connections"] > 1]
            out.append(f"| {k.label} | {server} | " + " | ".join(fmt_num(v) for v in rps)
                       + " |")
    out.append("")
    probe = res.get("probe")
    if probe:
        def show(ts):
            return ", ".join(f"{t * 1000:.1f} ms" if isinstance(t, float) else str(t)
                             for t in ts)
        out += [f"### The {args.connections + 1}th client", "",
                f"While {args.connections} connections run {probe['kind']} requests "
                f"flat out, a fresh connection (curl, `--max-time {args.probe_timeout}`) asks "
                f"for one document:", "",
                "| server | idle | under load |", "|---|---|---|",
                f"| seeother | {show(probe['seeother_idle'])} | {show(probe['seeother'])} |",
                f"| nginx | {show(probe['nginx_idle'])} | {show(probe['nginx'])} |", ""]
    return "\n".join(out), summary


def load_report(args, machine, versions, res):
    out = [f"### Loading {res['things']:,} things: seeother against serdi and sordi", "",
           header_block(args, machine, versions, ["seeother", "serdi", "sordi"]),
           f"- data: {res['things']} things, {res['triples']} triples; "
           f"{args.load_rounds} round(s), medians",
           "- seeother: from start until it prints `listening`; serdi: parse and write "
           "N-Triples to /dev/null; sordi: load into a Sord model and write N-Triples to "
           "/dev/null. Peak RSS from `/usr/bin/time -v`. First request: as soon as seeother "
           "prints `listening`, a new connection asks for a thing's `/doc/X` in Turtle, then "
           "another for its `/id/X` (303); the time until each whole reply is in.", "",
           "| file | size | seeother | serdi | sordi | seeother / serdi | seeother / sordi "
           "| seeother peak RSS | serdi peak RSS | sordi peak RSS | seeother RSS / sordi "
           "| first request `/doc/X`, `/id/X` |",
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for fmt, r in res["formats"].items():
        med = {tool: {"seconds": median([x["seconds"] for x in runs]),
                      "rss_kb": median([x["rss_kb"] for x in runs])}
               for tool, runs in r["runs"].items()}
        so, sd, sr = med["seeother"], med["serdi"], med["sordi"]
        first = {}
        for name in ("doc", "id"):
            seen = [x.get("first", {}).get(name) for x in r["runs"]["seeother"]]
            times = [t for t in seen if isinstance(t, float)]
            first[name] = (f"{median(times) * 1000:.1f} ms" if times
                           else next((str(t) for t in seen if t is not None), "–"))
        out.append(f"| `bench-{res['things']}.{fmt}` | {r['size'] / 1e6:,.0f} MB | "
                   f"{so['seconds']:.2f} s | {sd['seconds']:.2f} s | {sr['seconds']:.2f} s | "
                   f"{fmt_ratio(so['seconds'], sd['seconds'])} | "
                   f"{fmt_ratio(so['seconds'], sr['seconds'])} | {fmt_mb(so['rss_kb'])} | "
                   f"{fmt_mb(sd['rss_kb'])} | {fmt_mb(sr['rss_kb'])} | "
                   f"{fmt_ratio(so['rss_kb'], sr['rss_kb'])} | "
                   f"{first['doc']}, {first['id']} |")
        med["file"] = fmt
        r["medians"] = med
    last = [r["runs"]["seeother"][-1]["summary"] for r in res["formats"].values()]
    out += ["", "seeother's own summary lines: " + "; ".join(f"`{s}`" for s in last if s), ""]
    return "\n".join(out)


def write_section(path, key, body):
    """Replaces the text between <!-- bench:KEY --> and <!-- /bench:KEY --> in path."""
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else \
        "# Performance\n\n## Results\n\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------
# HTTP benchmark

def start_benchmark_seeother(args, workdir, what=""):
    """seeother on the HTTP benchmark's data: (server, data file, things of the rotation,
    kinds)."""
    stem = ensure_data(args.things, args)
    data = f"{stem}.{args.serve_from}"
    things = rotation(stem, args.rotate)
    if args.backend == "sparql":
        log(f"{what}starting seeother --sparql on Virtuoso holding {os.path.basename(data)}")
        so = Seeother(args.seeother, None, workdir, args.seeother_args.split(),
                      store_args=sparql_backend.store_args(args, workdir))
        sparql_backend.wait_background(so.port)
    else:
        log(f"{what}starting seeother on {os.path.basename(data)}")
        so = Seeother(args.seeother, data, workdir, args.seeother_args.split())
    log(f"  listening on port {so.port} after {so.load_seconds:.1f} s")
    return so, data, things, offered_kinds(so.port, things[0], args)


def http_benchmark(args, workdir):
    so, data, things, kinds = start_benchmark_seeother(args, workdir)

    static = os.path.join(workdir, "static")
    log(f"fetching every representation of {len(things)} things from seeother")
    # An endpoint answers a cold request in tens of milliseconds: fetch from many at once.
    samples = fetch_static(so.port, things, kinds, static, args.host,
                           32 if args.backend == "sparql" else FETCH_CONNECTIONS)

    ng = Nginx(workdir, static, kinds, samples, args.host, len(things) * len(kinds))
    log(f"nginx listening on port {ng.port}")
    mismatches = verify_same(so.port, ng.port, things, kinds, args.host)
    if mismatches:
        log(f"  WARNING: {len(mismatches)} differences between seeother and nginx, e.g. "
            f"{mismatches[0]}")
    else:
        log("  checked: nginx serves the same status, Content-Type, Location, Link and body")

    paths = {}
    for k in kinds:
        paths[k.name] = os.path.join(workdir, f"paths-{k.name}.txt")
        with open(paths[k.name], "w") as f:
            f.write("\n".join(k.path(t) for t in things) + "\n")

    servers = {"seeother": so, "nginx": ng}
    # Each run of a server and kind starts where the previous one stopped, so that a
    # rotation longer than what a run asks for (a million things) is not the same first few
    # thousand things every time.
    cursors = {}

    def wrk(server, kind, connections, threads, duration):
        s = servers[server]
        before = cache_stats(s.port) if server == "seeother" else None
        start = cursors.get((server, kind.name), 0)
        r = run_wrk(s.port, paths[kind.name], kind, args.host, connections, threads,
                    duration, s.pids(), args.wrk_timeout, start)
        cursors[server, kind.name] = (start + r["requests"]) % len(things)
        after = cache_stats(s.port) if before else None
        r["cache_hit"] = None
        if before and after:
            looked = (after["hits"] + after["misses"]) - (before["hits"] + before["misses"])
            if looked > 0:
                r["cache_hit"] = (after["hits"] - before["hits"]) / looked
        return r

    log("warming up both servers")
    for server in ("seeother", "nginx"):
        for k in kinds:
            wrk(server, k, args.connections, args.threads, 1)

    rounds = []
    for rnd in range(args.rounds):
        order = ("seeother", "nginx") if rnd % 2 == 0 else ("nginx", "seeother")
        for k in kinds:
            for conns, threads in ((args.connections, args.threads), (1, 1)):
                for server in order:
                    r = wrk(server, k, conns, threads, args.duration)
                    r.update(server=server, kind=k.name, connections=conns, round=rnd + 1)
                    rounds.append(r)
                    err = f", {r['error_total']} errors" if r["error_total"] else ""
                    log(f"round {rnd + 1}/{args.rounds} {k.name:8} {server:8} c={conns:<3} "
                        f"{r['rps']:9.0f} req/s  p50 {r['latency_us']['p50'] / 1000:7.2f} ms  "
                        f"p99 {r['latency_us']['p99'] / 1000:7.2f} ms  "
                        f"cpu {r['cpu_us_per_req']:6.0f} µs/req{err}")

    probe = None
    if args.probes > 0:
        pk = next((k for k in kinds if k.name == "ttl"), kinds[0])
        thing = things[len(things) // 2]
        log(f"65th-client probe ({pk.name}, {args.probes} probes per server)")
        probe = {"kind": pk.label}
        for server in ("seeother", "nginx"):
            s = servers[server]
            probe[server + "_idle"] = idle_probe(s.port, pk.path(thing), args.host, pk.accept,
                                                 args.probe_timeout)
            probe[server] = probe_65th(s.port, pk.path(thing), args.host, pk.accept,
                                       args.connections, args.threads, paths[pk.name], pk,
                                       args.probes, args.probe_timeout)
            log(f"  {server}: idle {probe[server + '_idle']}, under load {probe[server]}")

    ng.stop()
    nginx_problems = [line for line in read_tail(ng.error_log, 20000).splitlines()
                      if re.search(r"\[(error|crit|alert|emerg)\]", line)]
    if nginx_problems:
        log(f"  WARNING: nginx logged {len(nginx_problems)} errors, e.g. {nginx_problems[-1]}")
        mismatches += ["nginx error log: " + line for line in nginx_problems[-3:]]
    rc = so.stop()
    if rc != 0:
        log(f"  seeother exited with {rc} after SIGTERM")
    if not args.keep_workdir:
        shutil.rmtree(static, ignore_errors=True)  # at 1M things, gigabytes of tmpfs
    with open(os.path.splitext(data)[0] + ".nt", "rb") as f:
        triples = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))
    return {"things": args.things, "triples": triples, "data": data, "rotation": len(things),
            "kinds": kinds, "rounds": rounds, "probe": probe, "mismatches": mismatches}


def rotation(stem, count):
    """`count` things spread evenly over the data set's list of things."""
    with open(f"{stem}.things") as f:
        all_things = [line.strip() for line in f if line.strip()]
    step = max(1, len(all_things) // count)
    return all_things[::step][:count]


def offered_kinds(port, thing, args):
    """The kinds asked for, JSON-LD only when seeother's Link header offers it."""
    client = Client(port)
    _, headers, _ = client.get(f"/doc/{thing}", {"Host": args.host, "Accept": "text/turtle"})
    client.close()
    kinds = [k for k in ALL_KINDS if k.name in args.kinds]
    if "jsonld" in args.kinds and "application/ld+json" not in headers.get("link", ""):
        log("  seeother offers no JSON-LD (no Link to application/ld+json): skipping that kind")
        kinds = [k for k in kinds if k.name != "jsonld"]
    return kinds


def cache_stats(port):
    """seeother's reply cache counters and requests served so far, from /metrics; None when
    it has no such counters."""
    try:
        client = Client(port)
        status, _, body = client.get("/metrics", {"Host": "127.0.0.1"})
        client.close()
    except (http.client.HTTPException, OSError):
        return None
    if status != 200:
        return None
    text = body.decode(errors="replace")
    stats = {"requests": sum(float(x) for x in
                             re.findall(r"^seeother_requests_total\{[^}]*\} (\S+)$", text, re.M))}
    for name in ("hits", "misses", "bytes", "entries"):
        m = re.search(rf"^seeother_cache_{name}(?:_total)? (\S+)$", text, re.M)
        if not m:
            return None
        stats[name] = float(m.group(1))
    for name in ("admissions", "rejections", "evictions"):  # older builds lack them
        m = re.search(rf"^seeother_cache_{name}_total (\S+)$", text, re.M)
        stats[name] = float(m.group(1)) if m else None
    return stats


def idle_probe(port, path, host, accept, timeout):
    times = []
    for _ in range(3):
        cmd = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
               "--max-time", str(timeout), "-H", f"Host: {host}"]
        if accept:
            cmd += ["-H", f"Accept: {accept}"]
        cmd.append(f"http://127.0.0.1:{port}{path}")
        times.append(curl_once(cmd, timeout))
    ok = [t for t in times if isinstance(t, float)]
    return [min(ok)] if ok else times[:1]


def curl_once(cmd, timeout):
    """Seconds (float) for a 2xx/3xx answer, else a short string saying what happened."""
    p = subprocess.run(cmd, capture_output=True, timeout=timeout + 10)
    code, _, t = p.stdout.decode().partition(" ")
    if p.returncode == 28:
        return f"no answer within {timeout} s"
    if p.returncode != 0:
        return f"curl error {p.returncode}"
    if not code.startswith(("2", "3")):
        return f"HTTP {code}"
    return float(t)


# ---------------------------------------------------------------------------------------
# Soak: memory under sustained load

SOAK_SAMPLE_SECONDS = 2


def proc_status(pid):
    """VmRSS (kB), threads and open descriptors of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return {"rss_kb": int(fields["VmRSS"].split()[0]), "threads": int(fields["Threads"]),
                "fds": len(os.listdir(f"/proc/{pid}/fd"))}
    except (OSError, KeyError, ValueError, IndexError):
        return None


def soak(args, workdir):
    """One wrk run of --soak-seconds over every kind of request, interleaved, with
    seeother's RSS sampled every SOAK_SAMPLE_SECONDS."""
    so, data, things, kinds = start_benchmark_seeother(args, workdir, "soak: ")
    # One line per thing and kind, the kinds interleaved: "PATH" or "PATH<tab>ACCEPT".
    paths = os.path.join(workdir, "paths-soak.txt")
    with open(paths, "w") as f:
        for t in things:
            for k in kinds:
                f.write(k.path(t) + ("\t" + k.accept if k.accept else "") + "\n")

    def sample(t):
        st = proc_status(so.proc.pid)
        if st is None:
            raise Stop(f"seeother exited during the soak: {read_tail(so.log_path)}")
        cache = cache_stats(so.port)
        st.update(t=t, cache_bytes=cache["bytes"] if cache else None,
                  requests=cache["requests"] if cache else None)
        return st

    samples = [sample(0.0)]
    log(f"soak: {args.soak_seconds} s of {', '.join(k.name for k in kinds)} over "
        f"{len(things)} things at {args.connections} connections; RSS at start "
        f"{fmt_mb(samples[0]['rss_kb'])}")
    cpu0 = cpu_seconds(so.pids())
    started = time.monotonic()
    proc = start_wrk(so.port, paths, None, args.host, args.connections, args.threads,
                     args.soak_seconds, args.wrk_timeout)
    last_log = started
    while proc.poll() is None:
        now = time.monotonic()
        if now - started > args.soak_seconds + args.wrk_timeout + 30:
            break  # finish_wrk() says so
        samples.append(sample(now - started))
        if now - last_log >= 30:
            last_log = now
            log(f"  {now - started:4.0f} s: RSS {fmt_mb(samples[-1]['rss_kb'])}, "
                f"{samples[-1]['threads']} threads")
        time.sleep(max(0.0, SOAK_SAMPLE_SECONDS - (time.monotonic() - now)))
    r = finish_wrk(proc, args.wrk_timeout + 30)
    r["cpu_us_per_req"] = ((cpu_seconds(so.pids()) - cpu0) * 1e6 / r["requests"]
                           if r["requests"] else float("nan"))
    samples.append(sample(time.monotonic() - started))
    rc = so.stop()
    if rc != 0:
        log(f"  seeother exited with {rc} after SIGTERM")
    log(f"  {r['requests']} requests, {r['rps']:.0f} req/s, {r['error_total']} errors")
    return {"things": len(things), "data": data, "kinds": kinds, "wrk": r,
            "samples": samples, "load_seconds": so.load_seconds}


def soak_report(args, machine, versions, res):
    samples, r = res["samples"], res["wrk"]
    warmup = min(30, args.soak_seconds / 4)
    during = [x for x in samples[1:-1]] or samples[1:]
    after_warmup = next((x for x in during if x["t"] >= warmup), during[-1])
    end = during[-1]
    peak = max(during, key=lambda x: x["rss_kb"])
    growth = end["rss_kb"] - after_warmup["rss_kb"]
    variant = f" (`{args.seeother_args.strip()}`)" if args.seeother_args.strip() else ""
    out = [f"### Soak: seeother's memory{variant} under {args.soak_seconds} s of load", "",
           header_block(args, machine, versions, ["seeother", "wrk"]),
           f"- data: `{os.path.basename(res['data'])}`, rotation over {res['things']} things × "
           f"{len(res['kinds'])} kinds ({', '.join(k.name for k in res['kinds'])}), "
           "interleaved: each request is the next thing and kind; seeother options beyond "
           "--data/--base/--listen: "
           + (f"`{args.seeother_args.strip()}`" if args.seeother_args.strip()
              else "none (defaults)"),
           f"- load: one wrk run of {args.soak_seconds} s at {args.connections} connections on "
           f"{args.threads} threads; seeother's VmRSS (`/proc/PID/status`) every "
           f"{SOAK_SAMPLE_SECONDS} s; warm-up: the first {warmup:.0f} s", "",
           "| RSS loaded, idle | after warm-up | at the end | max | growth after warm-up "
           "| requests | req/s | p99 | seeother CPU/req | errors |",
           "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
           f"| {fmt_mb(samples[0]['rss_kb'])} | {fmt_mb(after_warmup['rss_kb'])} "
           f"({after_warmup['t']:.0f} s) | {fmt_mb(end['rss_kb'])} ({end['t']:.0f} s) | "
           f"{fmt_mb(peak['rss_kb'])} ({peak['t']:.0f} s) | {growth / 1024:+,.1f} MB "
           f"({growth / after_warmup['rss_kb'] * 100:+.1f} %) | {r['requests']:,} | "
           f"{fmt_num(r['rps'])} | {fmt_ms(r['latency_us']['p99'])} | "
           f"{fmt_num(r['cpu_us_per_req'])} µs | {r['error_total']} |", "",
           "Errors count socket errors, timeouts and statuses ≥ 400. The reply cache's bytes "
           "and the requests served come from `/metrics`; the cache is part of the RSS, fills "
           "during the warm-up and is bounded by `--cache-mb`.", "",
           "| time | RSS | reply cache | threads | open descriptors | requests served |",
           "|--:|--:|--:|--:|--:|--:|"]
    shown, next_t = [], 0.0
    for x in samples:
        if x["t"] >= next_t or x is samples[-1]:
            shown.append(x)
            next_t = (x["t"] // 30 + 1) * 30
    for x in shown:
        cache = "–" if x["cache_bytes"] is None else f"{x['cache_bytes'] / 2**20:,.0f} MB"
        when = f"{x['t']:.0f} s" + (" (load over)" if x is samples[-1] else "")
        out.append(f"| {when} | {fmt_mb(x['rss_kb'])} | {cache} | {x['threads']} "
                   f"| {x['fds']} | {fmt_num(x['requests'])} |")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Crowds: many connections at once (10,000 idle kept-alive clients; a burst of 2,000)

IDLE_KEEP_ALIVE = 120  # seconds: longer than the idle case holds its connections
IDLE_BATCH = 1000      # connections opened at a time (within the listen backlog)


class Conn:
    """One raw HTTP/1.1 connection of a crowd."""

    def __init__(self, sock, thing):
        self.sock, self.thing = sock, thing
        self.out, self.inbuf, self.reply = b"", b"", None


def crowd_exchange(conns, request_of, timeout):
    """Sends each connection its request and reads one reply, all at once from one thread
    (epoll); a connection whose request says `Connection: close` is then read to its end.
    Sets conn.reply to (status, headers, body), or a string saying what went wrong."""
    sel = selectors.DefaultSelector()
    pending = 0
    for c in conns:
        c.out, c.inbuf, c.reply, c.closing = request_of(c), b"", None, False
        c.closing = b"connection: close" in c.out.lower()
        sel.register(c.sock, selectors.EVENT_WRITE, c)
        pending += 1
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for key, mask in sel.select(0.5):
            c = key.data
            try:
                if mask & selectors.EVENT_WRITE:
                    n = c.sock.send(c.out)
                    c.out = c.out[n:]
                    if not c.out:
                        sel.modify(c.sock, selectors.EVENT_READ, c)
                    continue
                chunk = c.sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                chunk, c.reply = b"", c.reply or f"socket error {e.errno}"
            c.inbuf += chunk
            if c.reply is None:
                c.reply = parse_reply(c.inbuf)
            done = isinstance(c.reply, str) or (
                c.reply is not None and (not c.closing or not chunk))
            if not chunk and c.reply is None:
                c.reply, done = "closed without a reply", True
            if done:
                sel.unregister(c.sock)
                pending -= 1
    for key in list(sel.get_map().values()):
        key.data.reply = key.data.reply or f"no reply within {timeout} s"
        sel.unregister(key.fileobj)
    sel.close()


def parse_reply(data):
    """(status, headers, body) once a whole reply is in `data`, else None."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = data[:end].decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if len(data) < end + 4 + length:
        return None
    return int(lines[0][9:12]), headers, data[end + 4:end + 4 + length]


def open_conns(port, things, timeout=30):
    """Non-blocking connections, one per thing, connected (or failed) within `timeout`."""
    conns = []
    sel = selectors.DefaultSelector()
    for t in things:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        conns.append(Conn(s, t))
        sel.register(s, selectors.EVENT_WRITE, conns[-1])
    deadline = time.monotonic() + timeout
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(0.5):
            sel.unregister(key.fileobj)
    sel.close()
    return conns


def see_other_request(host, close=False):
    def request(c):
        return (f"GET /id/{c.thing} HTTP/1.1\r\nHost: {host}\r\n"
                + ("Connection: close\r\n" if close else "") + "\r\n").encode()
    return request


def judge(conns, host):
    """Counts of right answers (a 303 to the thing's document), 503s, wrong answers and
    failures (no reply, reset), with an example of each problem."""
    counts = {"ok": 0, "shed": 0, "wrong": 0, "failed": 0, "example": ""}
    for c in conns:
        r = c.reply
        if isinstance(r, str) or r is None:
            counts["failed"] += 1
            counts["example"] = counts["example"] or str(r)
        elif r[0] == 503:
            counts["shed"] += 1
        elif r[0] == 303 and r[1].get("location") == f"http://{host}/doc/{c.thing}":
            counts["ok"] += 1
        else:
            counts["wrong"] += 1
            counts["example"] = counts["example"] or f"{r[0]} {r[1].get('location')}"
    return counts


def warm(port, things, host):
    """Asks each thing's /id/X once, so that the crowds measure connections, not the reply
    cache filling."""
    client = Client(port)
    for t in things:
        client.get(f"/id/{t}", {"Host": host})
    client.close()


def settle(pid, seconds):
    """seeother's status after `seconds` without load."""
    time.sleep(seconds)
    return proc_status(pid)


class Sampler:
    """Samples a process's RSS and threads every 50 ms, in a thread, for the peak."""

    def __init__(self, pid):
        self.pid, self.peak_kb, self.peak_threads = pid, 0, 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.is_set():
            st = proc_status(self.pid)
            if st:
                self.peak_kb = max(self.peak_kb, st["rss_kb"])
                self.peak_threads = max(self.peak_threads, st["threads"])
            self.stopping.wait(0.05)

    def stop(self):
        self.stopping.set()
        self.thread.join()


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def idle_crowd(args, workdir):
    """10,000 kept-alive connections that made one request each and then idle: seeother's
    RSS and threads while it holds them, a new client's time meanwhile, and whether every
    one of them is still served afterwards."""
    count = args.idle_connections
    limit = raise_file_limit()
    if limit < count + 200:
        raise Stop(f"the idle case needs {count + 200} open files; the limit is {limit}")
    args_before = args.seeother_args
    args.seeother_args = (args.seeother_args + f" --keep-alive-timeout {IDLE_KEEP_ALIVE}").strip()
    try:
        so, data, things, kinds = start_benchmark_seeother(args, workdir, "idle: ")
    finally:
        args.seeother_args = args_before
    pid = so.proc.pid
    crowd_things = [things[i % len(things)] for i in range(count)]
    warm(so.port, sorted(set(crowd_things)), args.host)
    base = settle(pid, 2)
    log(f"idle: RSS {fmt_mb(base['rss_kb'])}, {base['threads']} threads before the crowd")

    started = time.monotonic()
    conns = []
    for i in range(0, count, IDLE_BATCH):
        batch = open_conns(so.port, crowd_things[i:i + IDLE_BATCH])
        crowd_exchange(batch, see_other_request(args.host), 60)
        conns += batch
    opened = judge(conns, args.host)
    log(f"idle: {count} connections made a request each in {time.monotonic() - started:.1f} s "
        f"({opened['ok']} right answers)")
    held = settle(pid, 2)

    ttl = next(k for k in ALL_KINDS if k.name == "ttl")
    probes = []
    for i in range(args.idle_probes):
        cmd = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
               "--max-time", str(args.probe_timeout), "-H", f"Host: {args.host}",
               "-H", f"Accept: {ttl.accept}",
               f"http://127.0.0.1:{so.port}{ttl.path(things[(i * 7) % len(things)])}"]
        probes.append(curl_once(cmd, args.probe_timeout))
    ok_probes = sorted(p for p in probes if isinstance(p, float))
    log(f"idle: a new client meanwhile: median {fmt_ms(median(ok_probes) * 1e6)}, "
        f"max {fmt_ms(ok_probes[-1] * 1e6) if ok_probes else '–'}")

    # Still held: each connection asks again, on the connection it kept.
    crowd_exchange(conns, see_other_request(args.host), 120)
    again = judge(conns, args.host)
    log(f"idle: asked again on every connection: {again['ok']} right answers")
    for c in conns:
        c.sock.close()
    after = settle(pid, 10)
    rc = so.stop()
    if rc != 0:
        log(f"  seeother exited with {rc} after SIGTERM")
    return {"count": count, "base": base, "held": held, "after": after, "opened": opened,
            "again": again, "probes": probes, "data": data}


def burst_crowd(args, workdir):
    """2,000 connections at once, half of them kept alive and half closing after their
    reply: wrong answers, seeother's peak RSS and threads, and how soon they return."""
    count = args.burst_connections
    raise_file_limit()
    so, data, things, kinds = start_benchmark_seeother(args, workdir, "burst: ")
    pid = so.proc.pid
    crowd_things = [things[i % len(things)] for i in range(count)]
    warm(so.port, sorted(set(crowd_things)), args.host)
    base = settle(pid, 2)
    log(f"burst: RSS {fmt_mb(base['rss_kb'])}, {base['threads']} threads before")

    sampler = Sampler(pid)
    started = time.monotonic()
    conns = open_conns(so.port, crowd_things)
    for i, c in enumerate(conns):
        c.request = see_other_request(args.host, close=i % 2 == 1)
    crowd_exchange(conns, lambda c: c.request(c), 60)
    took = time.monotonic() - started
    sampler.stop()
    result = judge(conns, args.host)
    log(f"burst: {count} connections answered in {took:.2f} s: {result['ok']} right, "
        f"{result['shed']} 503, {result['wrong']} wrong, {result['failed']} failed; peak RSS "
        f"{fmt_mb(sampler.peak_kb)}, {sampler.peak_threads} threads")
    for c in conns:
        c.sock.close()
    back = []
    for second in range(1, 11):
        st = settle(pid, 1)
        back.append({"t": second, **st})
    rc = so.stop()
    if rc != 0:
        log(f"  seeother exited with {rc} after SIGTERM")
    return {"count": count, "base": base, "peak_kb": sampler.peak_kb,
            "peak_threads": sampler.peak_threads, "seconds": took, "result": result,
            "back": back, "data": data}


def idle_report(args, machine, versions, res):
    base, held, after = res["base"], res["held"], res["after"]
    ok = sorted(p for p in res["probes"] if isinstance(p, float))
    bad = [p for p in res["probes"] if not isinstance(p, float)]
    out = [f"### {res['count']:,} idle kept-alive connections", "",
           header_block(args, machine, versions, ["seeother", "curl"]),
           f"- data: `{os.path.basename(res['data'])}`; seeother options beyond "
           f"--data/--base/--listen: `--keep-alive-timeout {IDLE_KEEP_ALIVE}` (so that the "
           "connections outlive the case)"
           + (f" `{args.seeother_args.strip()}`" if args.seeother_args.strip() else ""),
           f"- case: {res['count']:,} connections (opened {IDLE_BATCH:,} at a time) each ask "
           "for a thing's `/id/X` and keep the connection open; meanwhile a new client "
           f"(curl) asks {len(res['probes'])} times for a document in Turtle; then every "
           "connection asks again on the connection it kept; then all close. RSS and threads "
           "from `/proc/PID/status`, idle values 2 s after the replies were warmed",
           "",
           "| idle RSS, threads | holding: RSS (above idle), threads | new client: median, "
           "max | right answers, first and again | 10 s after closing: RSS, threads |",
           "|--|--|--|--|--|",
           f"| {fmt_mb(base['rss_kb'])}, {base['threads']} | {fmt_mb(held['rss_kb'])} "
           f"(+{(held['rss_kb'] - base['rss_kb']) / 1024:,.1f} MB), {held['threads']} | "
           + (f"{fmt_ms(median(ok) * 1e6)}, {fmt_ms(ok[-1] * 1e6)}" if ok else "–")
           + (f" ({len(bad)} failed: {bad[0]})" if bad else "")
           + f" | {res['opened']['ok']:,}, {res['again']['ok']:,} of {res['count']:,} | "
           f"{fmt_mb(after['rss_kb'])}, {after['threads']} |", "",
           "Targets (issue 11): at most 150 MB above the idle RSS and at most 40 threads while "
           "holding them; a new client answered within 10 ms.", ""]
    for what in ("opened", "again"):
        if res[what]["example"]:
            out.append(f"Problem seen ({what}): {res[what]['example']}")
    return "\n".join(out)


def burst_report(args, machine, versions, res):
    base, r = res["base"], res["result"]
    end = res["back"][-1]
    out = [f"### A burst of {res['count']:,} connections", "",
           header_block(args, machine, versions, ["seeother"]),
           f"- data: `{os.path.basename(res['data'])}`; seeother options beyond "
           "--data/--base/--listen: "
           + (f"`{args.seeother_args.strip()}`" if args.seeother_args.strip()
              else "none (defaults)"),
           f"- case: {res['count']:,} connections opened at once from one client thread "
           "(epoll), each asking for a thing's `/id/X`; every other one says `Connection: "
           "close` and is read to its end, the others stay open until all are answered. "
           "Right: a 303 to that thing's document. RSS and threads sampled every 50 ms; then "
           "every connection closes and RSS is read each second for 10 s", "",
           "| idle RSS, threads | answered in | right | 503 | wrong | failed | peak RSS (above "
           "idle), threads | 10 s after: RSS (above idle), threads |",
           "|--|--:|--:|--:|--:|--:|--|--|",
           f"| {fmt_mb(base['rss_kb'])}, {base['threads']} | {res['seconds']:.2f} s | "
           f"{r['ok']:,} | {r['shed']} | {r['wrong']} | {r['failed']} | "
           f"{fmt_mb(res['peak_kb'])} (+{(res['peak_kb'] - base['rss_kb']) / 1024:,.1f} MB), "
           f"{res['peak_threads']} | {fmt_mb(end['rss_kb'])} "
           f"(+{(end['rss_kb'] - base['rss_kb']) / 1024:,.1f} MB), {end['threads']} |", "",
           "RSS after closing, second by second: "
           + ", ".join(f"{fmt_mb(x['rss_kb'])}" for x in res["back"]) + ".", "",
           "Targets (issue 11): no wrong answers; peak RSS at most 200 MB above the idle RSS, "
           "back near it within 10 s.", ""]
    if r["example"]:
        out.append(f"Problem seen: {r['example']}")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------

HOSTILE_CACHE_MB = 64


def start_flood(port, paths_file, host, connections, duration, timeout_s, plain=False):
    """wrk on bench/flood.lua: one-off requests (junk query strings, random languages), half
    for HTML; `plain`: the same requests without the junk, in one language."""
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency",
            f"--timeout={timeout_s}s", "-s", os.path.join(HERE, "flood.lua"),
            f"http://127.0.0.1:{port}", "--", paths_file, host or "",
            "plain" if plain else "hostile"]
    return CHILDREN.start(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def hostile_mix(args, workdir):
    """The normal rotation (Turtle documents, all cached) on half the connections, three ways:
    alone; beside as many connections asking for the same documents, half of them as HTML
    (benign company); and beside as many connections sending those requests as one-off ones
    (hostile company: a junk query string and a made-up language on each). The reply cache is kept small
    (HOSTILE_CACHE_MB: room for the normal rotation, not for the flood), so that a flood
    could push the popular replies out. What the flood costs the normal requests beyond its
    share of the CPU is hostile company against benign company."""
    args_before = args.seeother_args
    args.seeother_args = (args.seeother_args + f" --cache-mb {HOSTILE_CACHE_MB}").strip()
    try:
        so, data, things, _ = start_benchmark_seeother(args, workdir, "hostile: ")
    finally:
        args.seeother_args = args_before
    ttl = next(k for k in ALL_KINDS if k.name == "ttl")
    paths_file = os.path.join(workdir, "paths-hostile.txt")
    with open(paths_file, "w") as f:
        f.write("\n".join(ttl.path(t) for t in things) + "\n")
    half = max(1, args.connections // 2)
    wait = args.duration + args.wrk_timeout + 30
    log(f"hostile: warming the cache with the rotation ({len(things)} things)")
    finish_wrk(start_wrk(so.port, paths_file, ttl.accept, args.host, half, 1, args.duration,
                         args.wrk_timeout), wait)
    runs = []
    cursor = 0
    for rnd in range(args.rounds):
        for mode in ("alone", "benign", "hostile"):
            before = cache_stats(so.port)
            normal = start_wrk(so.port, paths_file, ttl.accept, args.host, half, 1,
                               args.duration, args.wrk_timeout, cursor)
            company = None
            if mode != "alone":
                company = start_flood(so.port, paths_file, args.host, half, args.duration,
                                      args.wrk_timeout, plain=mode == "benign")
            r = finish_wrk(normal, wait)
            other = finish_wrk(company, wait) if company else None
            after = cache_stats(so.port)
            cursor = (cursor + r["requests"]) % len(things)
            delta = {}
            if before and after:
                for name in ("hits", "misses", "admissions", "rejections", "evictions"):
                    if before.get(name) is not None and after.get(name) is not None:
                        delta[name] = after[name] - before[name]
                delta["entries"] = after["entries"]
            runs.append({"round": rnd + 1, "mode": mode, "normal": r, "company": other,
                         "cache": delta})
            log(f"hostile: round {rnd + 1}/{args.rounds} {mode:8} normal {r['rps']:9.0f} req/s "
                f"p99 {r['latency_us']['p99'] / 1000:7.2f} ms"
                + (f"; company {other['rps']:9.0f} req/s, {other['error_total']} errors"
                   if other else "")
                + (f"; cache +{delta.get('rejections', 0):.0f} rejected, "
                   f"+{delta.get('evictions', 0):.0f} evicted" if delta else ""))
    rc = so.stop()
    if rc != 0:
        log(f"  seeother exited with {rc} after SIGTERM")
    return {"data": data, "rotation": len(things), "connections": half, "runs": runs}


def hostile_report(args, machine, versions, res):
    def med(mode, what):
        rows = [r for r in res["runs"] if r["mode"] == mode]
        if what == "rps":
            return median([r["normal"]["rps"] for r in rows])
        if what == "p99":
            return median([r["normal"]["latency_us"]["p99"] for r in rows])
        if what == "company":
            return median([r["company"]["rps"] for r in rows if r["company"]])
        return median([r["cache"].get(what, 0) or 0 for r in rows])

    def cost(mode, against):
        return 1 - med(mode, "rps") / med(against, "rps") if med(against, "rps") else float("nan")

    out = ["### A flood of one-off requests beside the normal rotation", "",
           header_block(args, machine, versions, ["seeother", "wrk"]),
           f"- data: `{os.path.basename(res['data'])}`, rotation over {res['rotation']:,} "
           f"things; seeother with `--cache-mb {HOSTILE_CACHE_MB}` (room for the rotation's "
           "Turtle, not for the HTML of every thing)"
           + (f" `{args.seeother_args.strip()}`" if args.seeother_args.strip() else ""),
           f"- normal: `/doc/X` as Turtle over the rotation, {res['connections']} connections; "
           f"company: {res['connections']} more connections running `bench/flood.lua` over "
           "the same documents, every other request for HTML, either plain (benign: "
           "`Accept-Language: en`) or hostile (a junk query string and a made-up language "
           "range on every request); "
           f"{args.rounds} rounds of {args.duration} s, medians", "",
           "| company | normal req/s | normal p99 | company req/s | cache rejections, "
           "evictions (per run) |",
           "|--|--|--|--|--|"]
    for mode in ("alone", "benign", "hostile"):
        company = f"{med(mode, 'company'):,.0f}" if mode != "alone" else "–"
        out.append(f"| {mode} | {med(mode, 'rps'):,.0f} | {fmt_ms(med(mode, 'p99'))} | "
                   f"{company} | {med(mode, 'rejections'):,.0f}, {med(mode, 'evictions'):,.0f} |")
    extra = cost("hostile", "benign")
    beyond = (f"{fmt_pct(extra)} of their throughput" if extra >= 0 else
              f"nothing of their throughput (they ran {fmt_pct(-extra)} faster: noise)")
    out += ["", f"The flood costs the normal requests {beyond} beyond what as much benign "
            f"company costs "
            f"({fmt_pct(cost('hostile', 'alone'))} against running alone; benign company: "
            f"{fmt_pct(cost('benign', 'alone'))}). Goal (issue 12): under 20 %.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Edits: how long an edit takes and when it shows, and what edits cost the readers

EDIT_POOL = 1000  # things whose descriptions the editor rewrites, in turn
EDIT_WARM_RUNS = 5  # 1 s runs of reads at most, to fill the reply cache before reads alone
# With --backend sparql, the first pass over the rotation asks the engine for every document
# (about 100 a second here): enough 1 s runs for a whole pass.
EDIT_WARM_RUNS_SPARQL = 300
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
NT_LITERAL = r'"(?:[^"\\]|\\.)*"'


class EditTarget:
    """A thing's description as seeother serves it in N-Triples (the lines whose subject is
    the thing or a blank node; not the document's own), and which line holds its first
    rdfs:label: an edit is the same description with that label changed."""

    def __init__(self, thing, iri, ntriples):
        self.thing, self.iri = thing, iri
        self.lines, self.label_at, self.lang = [], None, ""
        label = re.compile(re.escape(f"{iri} {RDFS_LABEL} ") + NT_LITERAL
                           + r"(@[A-Za-z0-9-]+)? \.$")
        for line in ntriples.splitlines():
            line = line.strip()
            if not (line.startswith(iri + " ") or line.startswith("_:")):
                continue
            m = label.match(line)
            if m and self.label_at is None:
                self.label_at, self.lang = len(self.lines), m.group(1) or ""
            self.lines.append(line)
        if not self.lines:
            raise Stop(f"edits: the N-Triples of /doc/{thing} hold no triple about {iri}")
        if self.label_at is None:  # no label yet: the edit adds one
            self.label_at = len(self.lines)
            self.lines.append("")

    def body(self, label):
        lines = list(self.lines)
        lines[self.label_at] = f'{self.iri} {RDFS_LABEL} "{label}"{self.lang} .'
        return ("\n".join(lines) + "\n").encode()


def edit_targets(port, things, host):
    """EditTargets for up to EDIT_POOL things spread over `things`."""
    pool = things[::max(1, len(things) // EDIT_POOL)][:EDIT_POOL]
    client = Client(port)
    targets = []
    try:
        for thing in pool:
            status, _, body = client.get(f"/doc/{thing}",
                                         {"Host": host, "Accept": "application/n-triples"})
            if status != 200:
                raise Stop(f"edits: seeother answered {status} to /doc/{thing} in N-Triples")
            targets.append(EditTarget(thing, f"<http://{host}/id/{thing}>",
                                      body.decode("utf-8")))
    finally:
        client.close()
    return targets


def percentile(sorted_values, q):
    """The q-th percentile (0-100) of sorted values, nearest rank; None when empty."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


class Editor:
    """Edits back to back on one kept-alive connection (http.client). Each edit is a PUT of
    a target's description with a label no edit had before (`Content-Type:
    application/n-triples`), timed from sending the request to having the whole reply; as
    soon as the reply is in, a GET of the same document in Turtle on the same connection must
    show the new label, or the edit counts as a visibility failure. Targets are taken in
    turn, across runs."""

    def __init__(self, port, host, token, targets, tag):
        self.port, self.host, self.token = port, host, token
        self.targets, self.tag = targets, tag
        self.serial = 0    # edits sent, across runs: each label is new
        self.acked = 0     # edits answered 2xx, across runs

    def run(self, seconds):
        lat, statuses, examples = [], {}, []
        failures = errors = in_a_row = 0
        conn = None
        started = time.monotonic()
        deadline = started + seconds
        while time.monotonic() < deadline:
            t = self.targets[self.serial % len(self.targets)]
            self.serial += 1
            label = f"bench edit {self.tag} {self.serial}"
            body = t.body(label)
            path = f"/doc/{t.thing}"
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    conn.connect()
                    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sent = time.perf_counter()
                conn.request("PUT", path, body=body, headers={
                    "Host": self.host, "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/n-triples"})
                r = conn.getresponse()
                reply = r.read()
                took = time.perf_counter() - sent
                statuses[r.status] = statuses.get(r.status, 0) + 1
                if r.status not in (200, 201, 204):
                    errors += 1
                    in_a_row += 1
                    if len(examples) < 3:
                        examples.append(f"PUT {path}: {r.status} "
                                        f"{reply[:200].decode(errors='replace').strip()}")
                    if r.will_close:
                        conn.close()
                        conn = None
                    if in_a_row >= 20:
                        break
                    continue
                in_a_row = 0
                self.acked += 1
                lat.append(took * 1e6)
                conn.request("GET", path, headers={"Host": self.host, "Accept": "text/turtle"})
                r = conn.getresponse()
                doc = r.read()
                if r.status != 200 or label.encode() not in doc:
                    failures += 1
                    if len(examples) < 3:
                        examples.append(f"GET {path} right after its PUT: {r.status}, "
                                        f"without the label {label!r}")
            except (http.client.HTTPException, OSError) as e:
                errors += 1
                in_a_row += 1
                if len(examples) < 3:
                    examples.append(f"{path}: {type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None
                if in_a_row >= 20:
                    break
        elapsed = time.monotonic() - started
        if conn is not None:
            conn.close()
        return {"latencies_us": lat, "seconds": elapsed, "edits": len(lat),
                "failures": failures, "errors": errors, "statuses": statuses,
                "examples": examples}


def edits_beside_reads(editor, wrk_proc, seconds, wait):
    """The editor's run (in a thread, for `seconds`) while wrk runs; (wrk result, edits)."""
    out = {}

    def edit():
        try:
            out["edits"] = editor.run(seconds)
        except BaseException as e:  # handed to the main thread
            out["error"] = e

    thread = threading.Thread(target=edit, daemon=True)
    thread.start()
    try:
        r = finish_wrk(wrk_proc, wait)
    finally:
        thread.join(seconds + 60)
    if "error" in out:
        raise Stop(f"edits: the editor failed: {out['error']!r}")
    if "edits" not in out:
        raise Stop("edits: the editor did not finish")
    return r, out["edits"]


def takes_writes(binary):
    try:
        p = subprocess.run([binary, "--help"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return b"--write-token-file" in p.stdout + p.stderr


def fs_type(path):
    """The type of the file system holding `path` (/proc/mounts, longest mount point)."""
    path = os.path.realpath(path)
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                fields = line.split()
                if len(fields) >= 3:
                    mount = fields[1].replace("\\040", " ")
                    if (path == mount or path.startswith(mount.rstrip("/") + "/")) \
                            and len(mount) > len(best):
                        best, kind = mount, fields[2]
    except OSError:
        pass
    return kind


def disk_bytes(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f))
                   for d, _, files in os.walk(path) for f in files)
    return os.path.getsize(path) if os.path.exists(path) else 0


def edits_benchmark(args, workdir):
    """seeother taking writes (a bearer token, a journal on --journal-dir) on the HTTP
    benchmark's data; each round: Turtle reads over the rotation at --connections
    connections alone; the same reads beside one editor (edits back to back, each checked
    with a GET right after its reply); the editor alone."""
    stem = ensure_data(args.things, args)
    data = f"{stem}.{args.serve_from}"
    things = rotation(stem, args.rotate)
    token = "bench-" + os.urandom(16).hex()
    tokens = os.path.join(workdir, "write-tokens")
    with open(tokens, "w") as f:
        f.write(token + "\n")
    os.makedirs(args.journal_dir, exist_ok=True)
    journal_dir = tempfile.mkdtemp(prefix="seeother-journal-", dir=args.journal_dir)
    journal = os.path.join(journal_dir, "journal")
    sparql = args.backend == "sparql"
    try:
        if sparql:
            # The endpoint keeps the writes (no journal): SPARQL Update as Virtuoso's dba.
            store = sparql_backend.store_args(args, workdir) + sparql_backend.update_args(workdir)
            log("edits: starting seeother on Virtuoso taking writes (SPARQL Update)")
            so = Seeother(args.seeother, None, workdir,
                          ["--write-token-file", tokens] + args.seeother_args.split(),
                          store_args=store)
            sparql_backend.wait_background(so.port)
        else:
            log(f"edits: starting seeother on {os.path.basename(data)} taking writes, journal "
                f"in {journal_dir} ({fs_type(journal_dir)})")
            so = Seeother(args.seeother, data, workdir,
                          ["--write-token-file", tokens, "--journal", journal]
                          + args.seeother_args.split())
        log(f"  listening on port {so.port} after {so.load_seconds:.1f} s")
        res = edit_rounds(args, workdir, so, things, token)
        rc = so.stop()
        if rc != 0:
            log(f"  seeother exited with {rc} after SIGTERM")
        res.update(journal_bytes=None if sparql else disk_bytes(journal),
                   journal_fs=fs_type(journal_dir), data=data, load_seconds=so.load_seconds)
    finally:
        shutil.rmtree(journal_dir, ignore_errors=True)
    with open(f"{stem}.nt", "rb") as f:
        res["triples"] = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b""))
    return res


def cache_hit(before, after):
    """The share of cacheable requests between two cache_stats() that the cache answered."""
    if not before or not after:
        return None
    looked = (after["hits"] + after["misses"]) - (before["hits"] + before["misses"])
    return (after["hits"] - before["hits"]) / looked if looked > 0 else None


def edit_rounds(args, workdir, so, things, token):
    ttl = next(k for k in ALL_KINDS if k.name == "ttl")
    paths_file = os.path.join(workdir, "paths-edits.txt")
    with open(paths_file, "w") as f:
        f.write("\n".join(ttl.path(t) for t in things) + "\n")
    log(f"edits: reading {min(len(things), EDIT_POOL)} descriptions to edit (N-Triples)")
    targets = edit_targets(so.port, things, args.host)
    editor = Editor(so.port, args.host, token, targets, f"r{os.getpid()}")
    wait = args.duration + args.wrk_timeout + 30
    cursor = 0

    def reads():
        nonlocal cursor
        proc = start_wrk(so.port, paths_file, ttl.accept, args.host, args.connections,
                         args.threads, args.duration, args.wrk_timeout, cursor)
        return proc

    def done(r):
        nonlocal cursor
        cursor = (cursor + r["requests"]) % len(things)
        return r

    warm_cap = EDIT_WARM_RUNS_SPARQL if args.backend == "sparql" else EDIT_WARM_RUNS

    def warm_reads():
        """1 s runs of the reads until the reply cache answers 99 % of one (edits leave it
        empty), at most warm_cap; how many it took."""
        for n in range(1, warm_cap + 1):
            a = cache_stats(so.port)
            done(finish_wrk(start_wrk(so.port, paths_file, ttl.accept, args.host,
                                      args.connections, args.threads, 1, args.wrk_timeout,
                                      cursor), wait))
            hit = cache_hit(a, cache_stats(so.port))
            if hit is None or hit >= 0.99:
                break
        return n

    log("edits: warming up (1 s of edits, then reads until the reply cache answers them)")
    rss_before, cache_before = proc_status(so.proc.pid), cache_stats(so.port)
    warm = editor.run(1)
    if not warm["edits"]:
        raise Stop("edits: no edit succeeded: " + "; ".join(warm["examples"]))
    first_us = warm["latencies_us"][0]
    log(f"  first edit {first_us / 1000:.2f} ms; {warm['edits']} edits in the warm-up")

    runs = []
    for rnd in range(args.rounds):
        warmed = warm_reads()
        before = cache_stats(so.port)
        alone = done(finish_wrk(reads(), wait))
        mid = cache_stats(so.port)
        under, beside = edits_beside_reads(editor, reads(), args.duration, wait)
        done(under)
        after = cache_stats(so.port)
        solo = editor.run(args.duration)
        alone["cache_hit"], under["cache_hit"] = cache_hit(before, mid), cache_hit(mid, after)
        runs.append({"round": rnd + 1, "alone": alone, "under": under, "beside": beside,
                     "solo": solo, "warm_runs": warmed})

        def show(e):
            s = sorted(e["latencies_us"])
            return (f"{e['edits']} edits ({e['edits'] / e['seconds']:.0f}/s) p50 "
                    f"{fmt_ms(percentile(s, 50))} p99 {fmt_ms(percentile(s, 99))} max "
                    f"{fmt_ms(s[-1] if s else None)}, {e['failures']} not visible, "
                    f"{e['errors']} errors")
        log(f"edits: round {rnd + 1}/{args.rounds} ({warmed} warming run(s)) reads alone "
            f"{alone['rps']:9.0f} req/s p99 "
            f"{fmt_ms(alone['latency_us']['p99'])} max {fmt_ms(alone['latency_us']['max'])}; "
            f"under edits {under['rps']:9.0f} req/s p99 {fmt_ms(under['latency_us']['p99'])} "
            f"max {fmt_ms(under['latency_us']['max'])}")
        log(f"  editor beside the reads: {show(beside)}")
        log(f"  editor alone:            {show(solo)}")
        for e in (beside, solo):
            for x in e["examples"]:
                log(f"  problem: {x}")
    rss_after, cache_after = proc_status(so.proc.pid), cache_stats(so.port)
    return {"rotation": len(things), "pool": len(targets), "runs": runs, "first_us": first_us,
            "warm_edits": warm["edits"], "edits_sent": editor.serial,
            "edits_acked": editor.acked, "rss_before": rss_before, "rss_after": rss_after,
            "cache_before": cache_before, "cache_after": cache_after}


def edits_key(args):
    """bench:edits-<things>, then seeother's extra options as section_key adds them."""
    key = section_key("edits", args)
    return key if args.things != 10000 else "edits-10000" + key[len("edits"):]


def edits_report(args, machine, versions, res):
    runs = res["runs"]

    def edit_row(name, which):
        lat = sorted(x for r in runs for x in r[which]["latencies_us"])
        edits = sum(r[which]["edits"] for r in runs)
        seconds = sum(r[which]["seconds"] for r in runs)
        failures = sum(r[which]["failures"] for r in runs)
        errors = sum(r[which]["errors"] for r in runs)
        return (f"| {name} | {edits:,} | {fmt_num(edits / seconds if seconds else None)} | "
                f"{fmt_ms(percentile(lat, 50))} | {fmt_ms(percentile(lat, 99))} | "
                f"{fmt_ms(lat[-1] if lat else None)} | {failures} | {errors} |")

    def read(which, what):
        if what in ("rps", "cache_hit"):
            return median([r[which][what] for r in runs])
        if what == "errors":
            return sum(r[which]["error_total"] for r in runs)
        if what == "max":
            return max(r[which]["latency_us"]["max"] for r in runs)
        return median([r[which]["latency_us"][what] for r in runs])

    def ratio(what):
        return fmt_ratio(read("under", what), read("alone", what))

    examples = [x for r in runs for w in ("beside", "solo") for x in r[w]["examples"]]
    beside = sorted(x for r in runs for x in r["beside"]["latencies_us"])
    failures = sum(r[w]["failures"] for r in runs for w in ("beside", "solo"))
    def memory(rss, cache):
        if not rss:
            return "–"
        return fmt_mb(rss["rss_kb"]) + (f" (reply cache {cache['bytes'] / 2**20:,.0f} MB)"
                                         if cache else "")

    edits = res["edits_acked"]
    variant = f" (`{args.seeother_args.strip()}`)" if args.seeother_args.strip() else ""
    on = " on Virtuoso (`--sparql`)" if args.backend == "sparql" else ""
    out = [f"### Edits{on}{variant}: edit latency, and reads under edits "
           f"({res['triples']:,} triples)", "",
           header_block(args, machine, versions, ["seeother", "wrk"]),
           f"- data: `{os.path.basename(res['data'])}` ({res['triples']:,} triples, loaded in "
           f"{res['load_seconds']:.1f} s), seeother with `--write-token-file` and "
           + ("`--sparql` on Virtuoso (its data loaded into one graph; writes as SPARQL Update "
              "to its `/sparql-auth`)" if args.backend == "sparql" else
              f"`--journal` (a new journal on {res['journal_fs']}, fsync'd per write)")
           + (f" and `{args.seeother_args.strip()}`" if args.seeother_args.strip() else ""),
           f"- reads: `/doc/X` as Turtle over a rotation of {res['rotation']:,} things, wrk at "
           f"{args.connections} connections on {args.threads} threads; the editor: one "
           f"kept-alive connection (Python, in the benchmark's process) putting, back to back, "
           f"the description of one of {res['pool']:,} things of that rotation with a new "
           "`rdfs:label` (N-Triples, 204 expected), each followed at once by a GET of the "
           "document in Turtle that must show the new label",
           f"- each round: reads alone, reads with the editor, the editor alone, "
           f"{args.duration} s each; {args.rounds} round(s); before the reads alone, 1 s runs "
           f"of the same reads until the reply cache answers 99 % of one (at most "
           f"{EDIT_WARM_RUNS_SPARQL if args.backend == 'sparql' else EDIT_WARM_RUNS}; taken: "
           + ", ".join(str(r["warm_runs"]) for r in runs)
           + "); reads: medians over rounds, max over rounds; edits: percentiles over every "
           "edit of every round", "",
           "| editor | edits | edits/s | edit p50 | edit p99 | edit max | not visible right "
           "after | errors |",
           "|---|--:|--:|--:|--:|--:|--:|--:|",
           edit_row("alone (readers idle)", "solo"),
           edit_row(f"beside {args.connections} reading connections", "beside"), "",
           f"| reads ({args.connections} connections) | req/s | p99 | longest a reader waited "
           "(wrk max) | reply cache hits | errors |",
           "|---|--:|--:|--:|--:|--:|",
           f"| alone | {fmt_num(read('alone', 'rps'))} | {fmt_ms(read('alone', 'p99'))} | "
           f"{fmt_ms(read('alone', 'max'))} | {fmt_pct(read('alone', 'cache_hit'))} | "
           f"{read('alone', 'errors')} |",
           f"| under edits | {fmt_num(read('under', 'rps'))} | {fmt_ms(read('under', 'p99'))} | "
           f"{fmt_ms(read('under', 'max'))} | {fmt_pct(read('under', 'cache_hit'))} | "
           f"{read('under', 'errors')} |",
           f"| under / alone | {ratio('rps')} | {ratio('p99')} | {ratio('max')} | | |", "",
           "Edit latency: from sending the PUT to having its whole reply, as the client sees it "
           "(Python's own time per request included, some 0.1 ms, and beside the readers its "
           f"waits for a core: wrk, seeother and the editor share the {machine['nproc']} cores). "
           f"Edits/s counts the edits "
           f"over the editor's time, each with its check GET. The first edit of the run (in a "
           f"1 s warm-up of {res['warm_edits']:,} edits, not counted above) took "
           f"{fmt_ms(res['first_us'])}. "
           + (f"Journal after {edits:,} acknowledged edits: "
              f"{res['journal_bytes'] / 1e6:,.1f} MB "
              f"({res['journal_bytes'] / edits if edits else 0:,.0f} bytes an edit). "
              if res["journal_bytes"] is not None else "")
           + "seeother's "
           f"RSS {memory(res['rss_before'], res['cache_before'])} before the first edit, "
           f"{memory(res['rss_after'], res['cache_after'])} after the last.", "",
           "Per round:", "",
           "| round | reads alone req/s | under edits req/s | max alone | max under edits "
           "| edits/s beside reads | edits/s alone |",
           "|--:|--:|--:|--:|--:|--:|--:|"]
    for r in runs:
        out.append(f"| {r['round']} | {fmt_num(r['alone']['rps'])} | "
                   f"{fmt_num(r['under']['rps'])} | {fmt_ms(r['alone']['latency_us']['max'])} | "
                   f"{fmt_ms(r['under']['latency_us']['max'])} | "
                   f"{fmt_num(r['beside']['edits'] / r['beside']['seconds'])} | "
                   f"{fmt_num(r['solo']['edits'] / r['solo']['seconds'])} |")
    out += ["", "Target (writes): an edit visible within 50 ms, and no reader blocked behind a "
            "writer for longer than that. Here: edit p99 beside the readers "
            f"{fmt_ms(percentile(beside, 99))}, max {fmt_ms(beside[-1] if beside else None)}; "
            f"{failures} edits not visible right after their reply; the longest read under "
            f"edits {fmt_ms(read('under', 'max'))} (alone: {fmt_ms(read('alone', 'max'))}).",
            ""]
    if examples:
        out += ["Problems seen: " + "; ".join(f"`{x}`" for x in examples[:3]), ""]
    return "\n".join(out)


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="bench/run", description="seeother against nginx (HTTP), against serdi/sordi "
        "(loading), and its memory under sustained load (soak); results to stdout and "
        "docs/performance.md.",
        epilog="bench/run also takes --no-build: use build-bench/seeother as it is.")
    ap.add_argument("--things", type=int, default=10000,
                    help="size of the data set served in the HTTP benchmark (default 10000)")
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds; medians are reported (3)")
    ap.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    ap.add_argument("--rotate", type=int, default=10000,
                    help="how many things the load rotates over (10000, at most --things)")
    ap.add_argument("--kinds", default="id,ttl,html,browser,jsonld",
                    help="kinds of request: id,ttl,html,browser,jsonld (jsonld only when "
                    "offered)")
    ap.add_argument("--host", default="bench.example",
                    help="Host header sent to both servers (bench.example: the public URL is "
                    "the base; use e.g. 127.0.0.1:8080 to make seeother rewrite IRIs)")
    ap.add_argument("--serve-from", choices=("ttl", "nt"), default="ttl",
                    help="which file seeother serves in the HTTP benchmark (ttl)")
    ap.add_argument("--probes", type=int, default=3,
                    help="65th-client requests per server (3; 0 to skip)")
    ap.add_argument("--probe-timeout", type=int, default=10,
                    help="curl --max-time for a probe, seconds (10)")
    ap.add_argument("--load-things", type=int, default=100000,
                    help="size of the data set for the loading measurement (100000)")
    ap.add_argument("--load-rounds", type=int, default=None,
                    help="loading rounds (3 up to 10k things, else 1)")
    ap.add_argument("--load-timeout", type=int, default=3600,
                    help="bound on any one load, seconds (3600)")
    ap.add_argument("--wrk-timeout", type=int, default=10,
                    help="wrk's per-request timeout, seconds (10)")
    ap.add_argument("--seeother-args", default="",
                    help="extra options for seeother in the HTTP benchmark and the soak, "
                    "e.g. '--cache-mb 0'; the results get their own section")
    ap.add_argument("--only", metavar="PARTS",
                    help="run only these parts, comma-separated: http, load, idle, burst, "
                    "hostile, edits, soak (default: http, load, idle, burst, hostile and "
                    "edits, the last only when seeother takes writes; soak also with "
                    "--soak-seconds)")
    ap.add_argument("--soak-seconds", type=int, default=None,
                    help="length of the soak (seeother's RSS under --connections connections "
                    "mixing every kind of request; 300 when --only names soak); given without "
                    "--only, the soak follows the default parts")
    ap.add_argument("--idle-connections", type=int, default=10000,
                    help="kept-alive connections the idle case holds (10000)")
    ap.add_argument("--idle-probes", type=int, default=20,
                    help="new-client requests while the idle connections are held (20)")
    ap.add_argument("--burst-connections", type=int, default=2000,
                    help="connections opened at once in the burst case (2000)")
    ap.add_argument("--journal-dir", default=os.path.join(HERE, "out"),
                    help="where the edits part keeps seeother's journal, in a directory of its "
                    "own removed afterwards (bench/out: on disk, so that its fsyncs cost what "
                    "they cost; /dev/shm would make them free)")
    ap.add_argument("--no-write", action="store_true",
                    help="do not update docs/performance.md")
    ap.add_argument("--output", default=RESULTS_DOC, help="markdown file to update")
    ap.add_argument("--keep-workdir", action="store_true",
                    help="keep the scratch directory (nginx config, static files, logs)")
    ap.add_argument("--data-dir", default=os.path.join(HERE, "out", "data"),
                    help="where generated data is kept and reused (bench/out/data)")
    ap.add_argument("--backend", choices=("files", "sparql"), default="files",
                    help="where seeother reads the data: files (--data, the default) or "
                    "sparql (--sparql, Virtuoso on this machine, loaded with the same data; "
                    "parts http and cold)")
    ap.add_argument("--cold-connections", type=int, default=8,
                    help="connections of the cold part (8)")
    ap.add_argument("--cold-sample", type=int, default=2000,
                    help="cold requests of each kind whose queries are replayed to the engine "
                    "(2000; a small sample stays warm in the engine's caches)")
    ap.add_argument("--virtuoso-buffers", type=int, default=100000,
                    help="Virtuoso's NumberOfBuffers (8 kB each; 100000)")
    ap.add_argument("--seeother", default=os.path.join(ROOT, "build-bench", "seeother"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = set(args.kinds) - {k.name for k in ALL_KINDS}
    if unknown:
        ap.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if args.things < 20 or args.load_things < 20:
        ap.error("--things and --load-things must be at least 20")
    if not 1 <= args.duration <= 600 or not 1 <= args.rounds <= 50:
        ap.error("--duration must be 1..600 and --rounds 1..50")
    args.rotate = max(1, min(args.rotate, args.things))
    parts = ("http", "load", "idle", "burst", "hostile", "edits", "soak", "cold")
    args.edits_asked = args.only is not None
    if args.only is None:
        args.parts = ["http", "load", "idle", "burst", "hostile", "edits"] + (
            ["soak"] if args.soak_seconds is not None else [])
        if args.backend == "sparql":
            args.parts = ["http", "cold"]
    else:
        args.parts = [p.strip() for p in args.only.split(",") if p.strip()]
        if not args.parts or set(args.parts) - set(parts):
            ap.error(f"--only takes a comma-separated list of {', '.join(parts)}")
    if args.backend == "sparql" and set(args.parts) - {"http", "cold", "edits"}:
        ap.error("--backend sparql runs the parts http, cold and edits")
    if args.backend == "files" and "cold" in args.parts:
        ap.error("the cold part needs --backend sparql")
    if args.soak_seconds is None:
        args.soak_seconds = 300
    if not 10 <= args.soak_seconds <= 86400:
        ap.error("--soak-seconds must be 10..86400")
    if args.load_rounds is None:
        args.load_rounds = 3 if args.load_things <= 10000 else 1
    shown = [a for i, a in enumerate(argv) if a != "--seeother" and not a.startswith(
        "--seeother=") and (i == 0 or argv[i - 1] != "--seeother")]
    args.command_line = " ".join(["bench/run"] + shown)
    return args


def section_key(part, args):
    """The results section of a part: the data set's size when it is not the default 10k
    (`http-1000000`), then seeother's extra options (`http-cache-mb-0`)."""
    key = part
    if args.backend == "sparql" and part not in ("cold",):
        key += "-sparql"
    if args.things != 10000:
        key += f"-{args.things}"
    if args.seeother_args.strip():
        key += "-" + re.sub(r"[^a-z0-9]+", "-", args.seeother_args.lower()).strip("-")
    return key


def scratch_dir():
    """/dev/shm when it is a roomy tmpfs (creating and deleting tens of thousands of static
    files on a busy disk took minutes), else bench/out/."""
    try:
        st = os.statvfs("/dev/shm")
        if os.access("/dev/shm", os.W_OK) and st.f_bavail * st.f_frsize > 2 << 30:
            return "/dev/shm"
    except OSError:
        pass
    return os.path.join(HERE, "out")


def main(argv):
    args = parse_args(argv)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    if not os.access(args.seeother, os.X_OK):
        sys.exit(f"bench: no seeother binary at {args.seeother} (use bench/run)")
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="seeother-bench-", dir=scratch_dir())
    os.chmod(workdir, 0o755)  # nginx's workers run as www-data and read the static files
    started = time.monotonic()
    machine, versions = machine_info(), tool_versions()
    built = datetime.datetime.fromtimestamp(os.path.getmtime(args.seeother)).astimezone()
    versions["seeother"] += f", binary built {built.strftime('%Y-%m-%d %H:%M %Z')}"
    sections = []
    try:
        if "http" in args.parts:
            res = http_benchmark(args, workdir)
            text, _ = http_report(args, machine, versions, res)
            sections.append((section_key("http", args), text))
            print("\n" + text, flush=True)
            with open(os.path.join(HERE, "out", "last-http.json"), "w") as f:
                json.dump({"rounds": res["rounds"], "probe": res["probe"]}, f, indent=1)
        if "cold" in args.parts:
            res = sparql_backend.cold_benchmark(args, workdir)
            text = sparql_backend.cold_report(args, machine, versions, res)
            sections.append((section_key("sparql-cold", args), text))
            print("\n" + text, flush=True)
            with open(os.path.join(HERE, "out", "last-cold.json"), "w") as f:
                json.dump(res, f, indent=1, default=str)
        if "load" in args.parts:
            res = measure_loading(args, workdir)
            text = load_report(args, machine, versions, res)
            sections.append((f"load-{args.load_things}", text))
            print("\n" + text, flush=True)
            with open(os.path.join(HERE, "out", "last-load.json"), "w") as f:
                json.dump(res, f, indent=1)
        for part, case, report in (("idle", idle_crowd, idle_report),
                                   ("burst", burst_crowd, burst_report),
                                   ("hostile", hostile_mix, hostile_report)):
            if part in args.parts:
                res = case(args, workdir)
                text = report(args, machine, versions, res)
                sections.append((section_key(part, args), text))
                print("\n" + text, flush=True)
                with open(os.path.join(HERE, "out", f"last-{part}.json"), "w") as f:
                    json.dump(res, f, indent=1, default=str)
        if "edits" in args.parts:
            if args.edits_asked or takes_writes(args.seeother):
                res = edits_benchmark(args, workdir)
                text = edits_report(args, machine, versions, res)
                sections.append((edits_key(args), text))
                print("\n" + text, flush=True)
                with open(os.path.join(HERE, "out", "last-edits.json"), "w") as f:
                    json.dump(res, f, indent=1, default=str)
            else:
                log("edits: skipped, this seeother takes no writes (no --write-token-file)")
        if "soak" in args.parts:
            res = soak(args, workdir)
            text = soak_report(args, machine, versions, res)
            sections.append((section_key("soak", args), text))
            print("\n" + text, flush=True)
            with open(os.path.join(HERE, "out", "last-soak.json"), "w") as f:
                json.dump({"wrk": res["wrk"], "samples": res["samples"]}, f, indent=1)
    except Stop as e:
        log(f"bench: stopped: {e}")
        return 1
    finally:
        CHILDREN.stop_all()
        if args.keep_workdir:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if not args.no_write:
        for key, text in sections:
            write_section(args.output, key, text)
        log(f"results written to {os.path.relpath(args.output, ROOT)}")
    log(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
