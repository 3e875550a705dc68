#!/usr/bin/env python3
"""The front-end configurations of docs/deploy.md, run for real.

Starts seeother (--trust-proxy) on the bundled sample, then nginx and Apache with the blocks
of docs/deploy.md marked "<!-- tested: NAME -->" (names, ports, certificate and cache paths
replaced), each with a throw-away certificate for data.example.org, and checks through each:
the 303 names the https URL, the document's IRIs are https, a percent-encoded name arrives
intact, and (nginx) http redirects to https and a 303 is served from its cache the second time.

    check_proxies.py --binary build/seeother --doc docs/deploy.md [--only nginx|apache]

With --only nginx-replicas --oxigraph tests/sparql/oxigraph_server.mjs: the block marked
"nginx-replicas" in front of two seeother processes in SPARQL mode on one Oxigraph endpoint
holding the sample: both replicas get requests, every answer through nginx has the same bytes
and ETag whichever replica gave it, If-None-Match gets 304 from either, and with one replica
stopped every request is still answered.
"""
import argparse
import http.client
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HOST = "data.example.org"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tested_block(doc, name):
    text = open(doc, encoding="utf-8").read()
    match = re.search(r"<!-- tested: %s -->\s*```\w*\n(.*?)```" % re.escape(name), text, re.S)
    if not match:
        sys.exit("FAIL: docs/deploy.md has no block marked 'tested: %s'" % name)
    return match.group(1)


def replace(text, old, new):
    if old not in text:
        sys.exit("FAIL: the tested block no longer contains %r" % old)
    return text.replace(old, new)


def wait_for_port(port, process, what, log=None):
    deadline = time.time() + 15
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    details = open(log).read() if log and os.path.exists(log) else ""
    sys.exit("FAIL: %s did not start listening on %d\n%s" % (what, port, details))


class PinnedHttps(http.client.HTTPSConnection):
    """HTTPS to HOST (SNI, certificate name, Host field) through a socket to 127.0.0.1."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class Https:
    """A client of HOST:port that trusts only the test certificate."""

    def __init__(self, port, cafile):
        self.port = port
        self.context = ssl.create_default_context(cafile=cafile)

    def get(self, path, headers=None):
        connection = PinnedHttps(HOST, self.port, timeout=10, context=self.context)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, response, body


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def check_front_end(name, client):
    public = "https://%s:%d/" % (HOST, client.port)
    status, response, _ = client.get("/id/alice")
    check(status == 303, "%s: GET /id/alice gave %d, not 303" % (name, status))
    location = response.getheader("Location")
    check(location == public + "doc/alice",
          "%s: the 303 leads to %s, not %sdoc/alice" % (name, location, public))
    status, response, body = client.get("/doc/alice", {"Accept": "text/turtle"})
    check(status == 200, "%s: GET /doc/alice gave %d" % (name, status))
    check(("<%sid/alice>" % public) in body or ("<%sdoc/alice>" % public) in body,
          "%s: the Turtle does not name %sid/alice:\n%s" % (name, public, body[:600]))
    check("http://example.org/" not in body,
          "%s: the Turtle still names the internal base:\n%s" % (name, body[:600]))
    check(response.getheader("Content-Location") == public + "doc/alice.ttl",
          "%s: Content-Location is %s" % (name, response.getheader("Content-Location")))
    status, response, body = client.get("/id/caf%C3%A9-du-lac")
    check(status == 303 and response.getheader("Location", "").endswith("/doc/caf%C3%A9-du-lac"),
          "%s: a percent-encoded name did not arrive intact (%d, %s)"
          % (name, status, response.getheader("Location")))


def start_nginx(args, work, block, upstreams, cert, key):
    """nginx on docs/deploy.md's tested `block`, each (text, replacement) of `upstreams`
    pointing it at a seeother; returns (process, https port, http port)."""
    https_port, http_port = free_port(), free_port()
    site = tested_block(args.doc, block)
    for old, new in upstreams:
        site = replace(site, old, new)
    site = replace(site, "listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % https_port)
    site = replace(site, "listen 80;", "listen 127.0.0.1:%d;" % http_port)
    site = replace(site, "/etc/letsencrypt/live/data.example.org/fullchain.pem", cert)
    site = replace(site, "/etc/letsencrypt/live/data.example.org/privkey.pem", key)
    site = replace(site, "/var/cache/nginx/seeother", os.path.join(work, "nginx-cache"))
    prefix = os.path.join(work, "nginx")
    os.makedirs(os.path.join(prefix, "logs"))
    with open(os.path.join(prefix, "site.conf"), "w") as f:
        f.write(site)
    with open(os.path.join(prefix, "nginx.conf"), "w") as f:
        f.write("daemon off;\nuser root;\npid %s/nginx.pid;\nerror_log %s/logs/error.log;\n"
                "events {}\nhttp {\n  access_log off;\n  client_body_temp_path %s/tmp;\n"
                "  proxy_temp_path %s/tmp;\n  include %s/site.conf;\n}\n"
                % (prefix, prefix, prefix, prefix, prefix))
    process = subprocess.Popen(["nginx", "-p", prefix, "-c", os.path.join(prefix, "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(https_port, process, "nginx", os.path.join(prefix, "logs", "error.log"))
    except BaseException:
        process.kill()
        raise
    return process, https_port, http_port


def run_nginx(args, work, seeother_port, cert, key):
    process, https_port, http_port = start_nginx(
        args, work, "nginx",
        [("server 127.0.0.1:8080;", "server 127.0.0.1:%d;" % seeother_port)], cert, key)
    try:
        client = Https(https_port, cert)
        check_front_end("nginx", client)
        # The 303 carries max-age, so the second one comes from nginx's cache.
        _, response, _ = client.get("/id/bob")
        _, response, _ = client.get("/id/bob")
        check(response.getheader("X-Cache-Status") == "HIT",
              "nginx: a 303 was not served from the cache (X-Cache-Status %s)"
              % response.getheader("X-Cache-Status"))
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/id/alice", headers={"Host": HOST})
        response = plain.getresponse()
        check(response.status == 301 and
              response.getheader("Location") == "https://%s/id/alice" % HOST,
              "nginx: http is not redirected to https (%d %s)"
              % (response.status, response.getheader("Location")))
        print("nginx: ok")
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)


def listening_port(process, what, seconds=30):
    """The port of the "listening on http://HOST:PORT/" line a child prints first."""
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    line = process.stdout.readline() if ready else ""
    match = re.search(r"listening on http://[^:]+:(\d+)/", line)
    if match is None:
        process.kill()
        sys.exit("FAIL: %s did not start: %r\n%s" % (what, line, process.stderr.read()[-2000:]))
    return int(match.group(1))


def run_nginx_replicas(args, work, cert, key):
    """Two replicas in SPARQL mode on one Oxigraph endpoint, behind the replicas block."""
    for tool in ("node",):
        if not shutil.which(tool):
            print("SKIPPED: %s is not installed (scripts/install-deps --test installs it)" % tool)
            sys.exit(77)
    modules = os.path.join(os.path.dirname(os.path.abspath(args.oxigraph)), "node_modules")
    if not os.path.isdir(os.path.join(modules, "oxigraph")):
        print("SKIPPED: npm oxigraph is not installed in %s (scripts/test installs it)" % modules)
        sys.exit(77)
    children = []
    try:
        engine = subprocess.Popen(["node", args.oxigraph], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        children.append(engine)
        engine_port = listening_port(engine, "the Oxigraph test server")
        sample = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.binary))),
                              "data")
        data_dir = args.data or sample
        text = "\n".join(open(os.path.join(data_dir, name), encoding="utf-8").read()
                         for name in sorted(os.listdir(data_dir)) if name.endswith(".ttl"))
        graph = "urn:x-seeother-test:replicas"
        connection = http.client.HTTPConnection("127.0.0.1", engine_port, timeout=60)
        connection.request("POST", "/load?format=text/turtle&graph=" + graph +
                           "&base=http%3A%2F%2Fexample.org%2F", body=text.encode("utf-8"),
                           headers={"Content-Type": "text/turtle"})
        loaded = connection.getresponse()
        check(loaded.status == 204, "loading the sample into Oxigraph: %d %s"
              % (loaded.status, loaded.read()[:300]))
        replicas, ports, logs = [], [], []
        for i in range(2):
            log = os.path.join(work, "replica-%d.log" % i)
            replica = subprocess.Popen(
                [args.binary, "--sparql", "http://127.0.0.1:%d/sparql" % engine_port,
                 "--sparql-graph", graph, "--base", "http://example.org/", "--trust-proxy",
                 "--cache-ttl", "60", "--max-age", "60", "--listen", "127.0.0.1:0",
                 "--access-log", log], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            children.append(replica)
            replicas.append(replica)
            ports.append(listening_port(replica, "replica %d" % i))
            logs.append(log)

        nginx, https_port, _ = start_nginx(
            args, work, "nginx-replicas",
            [("server 127.0.0.1:%s " % old, "server 127.0.0.1:%d " % port)
             for port, old in zip(ports, ("8081", "8082"))], cert, key)
        try:
            client = Https(https_port, cert)
            check_front_end("nginx-replicas", client)

            # Eight URLs nginx has not cached (documents carry max-age=60, so nginx keeps
            # each), that seeother answers alike (it ignores parameters it does not read): each
            # request goes to a replica, in turn.
            answers = []
            for n in range(8):
                status, response, body = client.get("/doc/alice.ttl?r=%d" % n)
                check(status == 200, "nginx-replicas: /doc/alice.ttl gave %d" % status)
                answers.append((body, response.getheader("ETag")))
            served = [sum("/doc/alice.ttl" in line for line in open(log)) for log in logs]
            check(all(n > 0 for n in served),
                  "nginx-replicas: not every replica was asked (%s)" % served)
            check(len(set(answers)) == 1 and answers[0][1] and not answers[0][1].startswith("W/"),
                  "nginx-replicas: the replicas' answers differ: %s"
                  % [(len(b), e) for b, e in set(answers)])
            for _ in range(4):
                status, _, _ = client.get("/doc/alice.ttl", {"If-None-Match": answers[0][1]})
                check(status == 304, "nginx-replicas: If-None-Match gave %d, not 304" % status)

            # One replica stops: every request is still answered, by the other.
            replicas[0].terminate()
            replicas[0].wait(timeout=10)
            for path in ("/doc/bob.ttl", "/doc/alice.html", "/doc/bob.html", "/doc/alice.nt",
                         "/id/leman-lab", "/doc/leman-lab.ttl"):
                status, _, _ = client.get(path)
                check(status in (200, 303),
                      "nginx-replicas: with one replica stopped, %s gave %d" % (path, status))
            print("nginx-replicas: ok (requests per replica: %s)" % served)
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()


def run_apache(args, work, seeother_port, cert, key):
    https_port, http_port = free_port(), free_port()
    site = tested_block(args.doc, "apache")
    site = replace(site, "http://127.0.0.1:8080/", "http://127.0.0.1:%d/" % seeother_port)
    site = replace(site, "<VirtualHost *:443>", "<VirtualHost 127.0.0.1:%d>" % https_port)
    site = replace(site, "<VirtualHost *:80>", "<VirtualHost 127.0.0.1:%d>" % http_port)
    site = replace(site, "/etc/letsencrypt/live/data.example.org/fullchain.pem", cert)
    site = replace(site, "/etc/letsencrypt/live/data.example.org/privkey.pem", key)
    root = os.path.join(work, "apache")
    os.makedirs(root)
    modules = "/usr/lib/apache2/modules"
    with open(os.path.join(root, "site.conf"), "w") as f:
        f.write(site)
    with open(os.path.join(root, "apache2.conf"), "w") as f:
        f.write("ServerRoot %s\nServerName localhost\nPidFile %s/apache2.pid\n"
                "DefaultRuntimeDir %s\nErrorLog %s/error.log\nLogLevel warn\n"
                "Mutex file:%s default\nUser www-data\nGroup www-data\n"
                "Listen 127.0.0.1:%d\nListen 127.0.0.1:%d\n"
                % (root, root, root, root, root, https_port, http_port))
        for module in ("mpm_event", "authz_core", "alias", "proxy", "proxy_http", "headers",
                       "socache_shmcb", "ssl"):
            f.write("LoadModule %s_module %s/mod_%s.so\n" % (module, modules, module))
        f.write("Include %s/site.conf\n" % root)
    process = subprocess.Popen(["apache2", "-f", os.path.join(root, "apache2.conf"),
                                "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        wait_for_port(https_port, process, "apache2", os.path.join(root, "error.log"))
        check_front_end("apache", Https(https_port, cert))
        print("apache: ok")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--doc", required=True)
    parser.add_argument("--only", choices=("nginx", "apache", "nginx-replicas"))
    parser.add_argument("--oxigraph", help="tests/sparql/oxigraph_server.mjs (nginx-replicas)")
    parser.add_argument("--data", help="the Turtle files to serve (default: the sample, data/)")
    args = parser.parse_args()
    if args.only == "nginx-replicas" and not args.oxigraph:
        parser.error("--only nginx-replicas needs --oxigraph")
    for tool in ("nginx", "apache2", "openssl"):
        if not shutil.which(tool):
            print("SKIPPED: %s is not installed (scripts/install-deps --test installs it)" % tool)
            sys.exit(77)
    work = tempfile.mkdtemp(prefix="seeother-proxies-")
    os.chmod(work, 0o755)
    seeother = None
    try:
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-keyout", key, "-out", cert, "-subj", "/CN=" + HOST,
                        "-addext", "subjectAltName=DNS:" + HOST],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.chmod(key, 0o644)
        if args.only == "nginx-replicas":
            run_nginx_replicas(args, work, cert, key)
            return
        seeother = subprocess.Popen([args.binary, "--listen", "127.0.0.1:0", "--trust-proxy"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = seeother.stdout.readline()
        match = re.search(r":(\d+)/", line)
        check(match is not None, "seeother did not start: %r" % line)
        seeother_port = int(match.group(1))
        if args.only in (None, "nginx"):
            run_nginx(args, work, seeother_port, cert, key)
        if args.only in (None, "apache"):
            run_apache(args, work, seeother_port, cert, key)
    finally:
        if seeother:
            seeother.terminate()
            seeother.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
