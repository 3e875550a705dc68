#!/usr/bin/python3
"""Interop check: every RDF format of every document, parsed by real parsers.

Starts the real seeother binary on a fixture, and for every document (each /doc/X of a
thing under <base>id/, and each hash namespace /P) fetches every format the server
offers (read from its Link header, so new formats are covered automatically). Each body
must parse with rdflib, with rapper where raptor has that syntax, and with jsonld.js for
JSON-LD, and every parse must be isomorphic to the expected description: the concise
bounded description of the thing in the source data, plus <doc> foaf:primaryTopic
<thing>, with --base rewritten to the server's URL.

Run with Debian's /usr/bin/python3 (python3-rdflib). Prints one line per check and ends
with "N passed, N failed"; exit status 1 when anything failed.
"""

import argparse
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import rdflib
from rdflib.compare import isomorphic, graph_diff, to_isomorphic

FOAF_PRIMARY_TOPIC = rdflib.URIRef("http://xmlns.com/foaf/0.1/primaryTopic")

# media type -> (rdflib parser, rapper parser or None)
PARSERS = {
    "text/turtle": ("turtle", "turtle"),
    "application/n-triples": ("nt", "ntriples"),
    "application/rdf+xml": ("xml", "rdfxml"),
    "application/ld+json": ("json-ld", None),
    "application/n-quads": ("nquads", "nquads"),
    "application/trig": ("trig", "trig"),
}


class Server:
    def __init__(self, binary, data, base):
        self.proc = subprocess.Popen(
            [binary, "--data", data, "--base", base, "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+/)", line)
        if not match:
            self.proc.kill()
            raise SystemExit("seeother did not start: %r\n%s" % (line, self.proc.stderr.read()))
        self.url = match.group(1)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def fetch(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def parse_links(value):
    """Link: <url>; rel="alternate"; type="t", ... -> [(url, type)]"""
    out = []
    for url, params in re.findall(r"<([^>]*)>([^,]*)", value or ""):
        kind = re.search(r'type="([^"]*)"', params)
        if 'rel="alternate"' in params and kind:
            out.append((url, kind.group(1)))
    return out


def rewrite(term, base, public):
    if isinstance(term, rdflib.URIRef) and str(term).startswith(base):
        return rdflib.URIRef(public + str(term)[len(base):])
    if isinstance(term, rdflib.Literal) and term.datatype and str(term.datatype).startswith(base):
        return rdflib.Literal(str(term), datatype=rewrite(term.datatype, base, public))
    return term


def cbd(source, subjects):
    """Triples of the subjects plus the closure over blank-node objects."""
    out = rdflib.Graph()
    todo, seen = list(subjects), set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in source.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, rdflib.BNode):
                todo.append(o)
    return out


def expected_graph(source, subjects, document, thing, base, public):
    graph = rdflib.Graph()
    for s, p, o in cbd(source, subjects):
        graph.add(tuple(plain(rewrite(t, base, public)) for t in (s, p, o)))
    if document:
        graph.add((rdflib.URIRef(document), FOAF_PRIMARY_TOPIC, rdflib.URIRef(thing)))
    return graph


def documents(source, base, public):
    """(path, subjects, document IRI or None, thing IRI) for every document in the data."""
    docs = []
    hash_namespaces = {}
    for s in set(source.subjects()):
        if not isinstance(s, rdflib.URIRef) or not str(s).startswith(base):
            continue
        local = str(s)[len(base):]
        if "#" in local:
            hash_namespaces.setdefault(local.split("#", 1)[0], set()).add(s)
        elif local.startswith("id/"):
            name = local[3:]
            path = "doc/" + urllib.parse.quote(name, safe="/%:@!$&'()*+,;=-._~")
            docs.append((path, [s], public + "doc/" + name, public + local))
        else:
            hash_namespaces.setdefault(local, set()).add(s)
    for namespace, subjects in hash_namespaces.items():
        if namespace.startswith("id/"):
            continue
        iri = rdflib.URIRef(base + namespace)
        if (iri, None, None) in source:
            subjects.add(iri)
        path = urllib.parse.quote(namespace, safe="/%:@!$&'()*+,;=-._~")
        docs.append((path, sorted(subjects), None, public + namespace))
    return sorted(docs)


def parse_with_rapper(body, syntax, base_uri):
    result = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", "-", base_uri],
                            input=body, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ValueError("rapper: " + result.stderr.decode(errors="replace").strip())
    # rdflib 6.1's own N-Triples parser mis-decodes "\\b" and friends; its Turtle parser
    # reads N-Triples (a subset of Turtle) correctly.
    graph = rdflib.Graph()
    graph.parse(data=result.stdout.decode(), format="turtle")
    return graph


def parse_with_jsonld_js(body, node_script):
    result = subprocess.run(["node", node_script], input=body, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ValueError("jsonld.js: " + result.stderr.decode(errors="replace").strip())
    return merged(rdflib.ConjunctiveGraph().parse(data=result.stdout.decode(), format="nquads"))


XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")


def plain(term):
    """RDF 1.1 term equality, which rdflib 6 does not apply: "x"^^xsd:string is "x", and
    language tags compare case-insensitively (rapper lowercases them)."""
    if isinstance(term, rdflib.Literal) and term.datatype == XSD_STRING:
        return rdflib.Literal(str(term))
    if isinstance(term, rdflib.Literal) and term.language:
        return rdflib.Literal(str(term), lang=term.language.lower())
    return term


def merged(graph):
    """The triples of a graph or of every graph in a dataset, as one graph."""
    out = rdflib.Graph()
    for s, p, o in graph.triples((None, None, None)):
        out.add((s, p, plain(o)))
    return out


def explain(expected, actual):
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["    missing: %s" % " ".join(t.n3() for t in triple)
             for triple in sorted(only_expected)][:5]
    lines += ["    extra:   %s" % " ".join(t.n3() for t in triple)
              for triple in sorted(only_actual)][:5]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--jsonld-js", help="node script: JSON-LD on stdin to N-Quads")
    args = parser.parse_args()

    source = rdflib.Graph()
    source.parse(args.data, format="turtle" if args.data.endswith(".ttl") else None)
    server = Server(args.binary, args.data, args.base)
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok     " + name)
        else:
            failed += 1
            print("FAILED " + name + ("\n" + detail if detail else ""))

    try:
        for path, subjects, document, thing in documents(source, args.base, server.url):
            expected = expected_graph(source, subjects, document, thing, args.base, server.url)
            status, headers, _ = fetch(server.url + path, "text/turtle")
            check("%s is 200" % path, status == 200)
            alternates = parse_links(headers.get("Link")) + [(headers.get("Content-Location"),
                                                             "text/turtle")]
            for url, media_type in sorted(alternates, key=lambda a: a[1]):
                if media_type not in PARSERS:
                    continue
                rdflib_format, rapper_syntax = PARSERS[media_type]
                status, headers, body = fetch(url)
                label = "%s as %s" % (path, media_type)
                check(label + ": Content-Type",
                      headers.get("Content-Type", "").split(";")[0] == media_type)
                parsers = [("rdflib", lambda b: merged(rdflib.ConjunctiveGraph().parse(
                    data=b.decode("utf-8"), format=rdflib_format, publicID=url)))]
                if rapper_syntax:
                    parsers.append(("rapper", lambda b: parse_with_rapper(b, rapper_syntax, url)))
                if media_type == "application/ld+json" and args.jsonld_js:
                    parsers.append(("jsonld.js",
                                    lambda b: parse_with_jsonld_js(b, args.jsonld_js)))
                for parser_name, parse in parsers:
                    name = "%s: %s" % (label, parser_name)
                    try:
                        graph = merged(parse(body))
                    except Exception as error:  # noqa: BLE001 - any parser failure fails
                        check(name, False, "    %s\n    body starts: %r" % (error, body[:300]))
                        continue
                    same = isomorphic(graph, expected)
                    check(name, same, "" if same else explain(expected, graph))
    finally:
        server.stop()

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
