#!/usr/bin/python3
"""Interop check: every RDF format of every document, parsed by real parsers.

Starts the real seeother binary on a fixture, and for every document (each /doc/X of a
thing under <base>id/, and each hash namespace /P) fetches every format the server
offers (read from its Link header, so new formats are covered automatically). Each body
must parse with rdflib, with rapper where raptor has that syntax, and with jsonld.js for
JSON-LD, and every parse must be isomorphic to the expected description: the concise
bounded description of the thing in the source data, plus <doc> foaf:primaryTopic
<thing>, with --base rewritten to the server's URL (in graph names too).

The fixture may be a dataset (.trig, .nq). The quad formats (N-Quads, TriG) are compared
as datasets: each triple must come back in its own graph. The triple formats are compared
with the merged graph. RDF/XML is expected to differ in the two ways the README documents:
a triple whose predicate no XML name can spell is omitted, and characters XML 1.0 cannot
carry are replaced by U+FFFD in literals.

Run with Debian's /usr/bin/python3 (python3-rdflib). Prints one line per check and ends
with "N passed, N failed"; exit status 1 when anything failed. When a parser is missing it
prints "SKIPPED: why" and exits 77, which ctest reports as a skip.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


def skip(reason):
    print("SKIPPED: %s (scripts/install-deps --test installs it)" % reason)
    sys.exit(77)


try:
    import rdflib
    from rdflib.compare import isomorphic, graph_diff, to_isomorphic
except ImportError:
    skip("rdflib is not installed")

FOAF_PRIMARY_TOPIC = rdflib.URIRef("http://xmlns.com/foaf/0.1/primaryTopic")

QUAD_FORMATS = {"application/n-quads", "application/trig"}

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


def cbd(quads, subjects):
    """Quads of the subjects plus the closure over blank-node objects, in any graph."""
    by_subject = {}
    for s, p, o, g in quads:
        by_subject.setdefault(s, []).append((s, p, o, g))
    out = set()
    todo, seen = list(subjects), set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for quad in by_subject.get(s, []):
            out.add(quad)
            if isinstance(quad[2], rdflib.BNode):
                todo.append(quad[2])
    return out


def expected_quads(quads, subjects, document, thing, base, public):
    """(s, p, o, graph name or None) of the description, as the server should write it."""
    out = set()
    for s, p, o, g in cbd(quads, subjects):
        out.add(tuple(plain(rewrite(t, base, public)) for t in (s, p, o)) +
                (None if g is None else rewrite(g, base, public),))
    if document:
        out.add((rdflib.URIRef(document), FOAF_PRIMARY_TOPIC, rdflib.URIRef(thing), None))
    return out


# XML 1.0 name characters that every edition allows, as rdf/write_rdfxml.cpp uses them.
XML_NAME_LETTERS = [
    (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0xFF), (0x100, 0x131), (0x134, 0x13E), (0x141, 0x148),
    (0x14A, 0x17E), (0x180, 0x1C3), (0x1CD, 0x1F0), (0x1F4, 0x1F5), (0x1FA, 0x217),
    (0x386, 0x386), (0x388, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1), (0x3A3, 0x3CE),
    (0x401, 0x40C), (0x40E, 0x44F), (0x451, 0x45C), (0x45E, 0x481), (0x5D0, 0x5EA),
    (0x621, 0x63A), (0x641, 0x64A), (0x3041, 0x3094), (0x30A1, 0x30FA), (0x4E00, 0x9FA5),
    (0xAC00, 0xD7A3)]
RDF_SYNTAX_NAMES = {"RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype",
                    "Description", "li", "aboutEach", "aboutEachPrefix", "bagID"}
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_name_start(c):
    return c.isascii() and (c.isalpha() or c == "_") or any(
        lo <= ord(c) <= hi for lo, hi in XML_NAME_LETTERS)


def xml_name_char(c):
    return xml_name_start(c) or c.isascii() and (c.isdigit() or c in "-.") or c == "\u00b7"


def rdfxml_can_write(predicate):
    """RDF/XML spells a predicate as namespace + NCName: it needs a name suffix."""
    iri = str(predicate)
    if iri.startswith(str(rdflib.RDF)) and iri[len(str(rdflib.RDF)):] in RDF_SYNTAX_NAMES:
        return False
    start = len(iri)
    while start > 0 and xml_name_char(iri[start - 1]):
        start -= 1
    return any(xml_name_start(c) for c in iri[start:])


def as_rdfxml(term):
    if isinstance(term, rdflib.Literal) and XML_ILLEGAL.search(str(term)):
        return rdflib.Literal(XML_ILLEGAL.sub("\ufffd", str(term)), lang=term.language,
                              datatype=term.datatype)
    return term


def as_raptor_reads(graph):
    """raptor 2.0.15 keeps literals as C strings: it reads "a\\u0000b" and writes "a". Every
    other parser keeps the literal whole; so does every format seeother writes but RDF/XML."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and "\x00" in str(o):
            o = rdflib.Literal(str(o).split("\x00", 1)[0], lang=o.language, datatype=o.datatype)
        out.add((s, p, o))
    return out


def merged_expectation(quads, media_type):
    graph = rdflib.Graph()
    for s, p, o, _ in quads:
        if media_type == "application/rdf+xml":
            if not rdfxml_can_write(p):
                continue
            o = as_rdfxml(o)
        graph.add((s, p, o))
    return graph


def dataset_graph(quads):
    """A dataset as one graph, each graph name folded into the predicate, so that graph
    isomorphism is dataset isomorphism (blank node graph names are not supported)."""
    graph = rdflib.Graph()
    for s, p, o, g in quads:
        if isinstance(g, rdflib.BNode):
            raise ValueError("blank node graph name: %s" % g.n3())
        name = "default" if g is None else urllib.parse.quote(str(g), safe="")
        graph.add((s, rdflib.URIRef("urn:x-graph:%s:%s" % (name, p)), plain(o)))
    return graph


def dataset_quads(dataset, document_url):
    """(s, p, o, graph name or None) of a parsed rdflib ConjunctiveGraph. rdflib 6.1 puts the
    default graph in a graph named after the document (its publicID)."""
    default = {dataset.default_context.identifier, rdflib.URIRef(document_url),
               rdflib.URIRef(DEFAULT_GRAPH)}
    return {(s, p, plain(o), None if g.identifier in default else g.identifier)
            for s, p, o, g in dataset.quads((None, None, None, None))}


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


# rdflib 6.1 puts the default graph of N-Quads and TriG in a graph named by publicID.
DEFAULT_GRAPH = "urn:x-seeother-interop:default-graph"


def parse_dataset(data, format, public_id=DEFAULT_GRAPH):
    """A ConjunctiveGraph of `data` (rdflib 6.1's parse() returns only the graph it parsed
    into, not the dataset)."""
    dataset = rdflib.ConjunctiveGraph()
    dataset.parse(data=data, format=format, publicID=public_id)
    return dataset


def backslash_as_uchar(nquads):
    """rdflib 6.1's N-Triples/N-Quads parser decodes a backslash escape followed by t, n, r,
    b, f, " or ' twice; \\u005C is the same backslash and it reads that right."""
    return re.sub(r"\\(.)", lambda m: "\\u005C" if m.group(1) == "\\" else m.group(0), nquads)


def parse_with_rapper(body, syntax, base_uri):
    """rapper's parse as a ConjunctiveGraph (its N-Quads output, read by rdflib)."""
    result = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "nquads", "-", base_uri],
                            input=body, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ValueError("rapper: " + result.stderr.decode(errors="replace").strip())
    return parse_dataset(backslash_as_uchar(result.stdout.decode()), "nquads")


def parse_with_jsonld_js(body, node_script):
    result = subprocess.run(["node", node_script], input=body, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ValueError("jsonld.js: " + result.stderr.decode(errors="replace").strip())
    # jsonld.js writes a backslash as \\ too.
    return parse_dataset(backslash_as_uchar(result.stdout.decode()), "nquads")


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
    if not shutil.which("rapper"):
        skip("rapper is not on PATH")
    if args.jsonld_js and not shutil.which("node"):
        skip("node is not installed")
    if args.jsonld_js and not (pathlib.Path(args.jsonld_js).parent / "node_modules" /
                               "jsonld").is_dir():
        skip("jsonld.js is not installed: npm ci --prefix tests/interop")

    source = rdflib.ConjunctiveGraph()
    source.parse(args.data, format={".ttl": "turtle", ".trig": "trig", ".nq": "nquads"}.get(
        pathlib.Path(args.data).suffix))
    source_quads = dataset_quads(source, pathlib.Path(args.data).resolve().as_uri())
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
            quads = expected_quads(source_quads, subjects, document, thing, args.base,
                                   server.url)
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
                parsers = [("rdflib", lambda b, u=url: parse_dataset(
                    b.decode("utf-8"), rdflib_format, u))]
                if rapper_syntax:
                    parsers.append(("rapper", lambda b, u=url: parse_with_rapper(
                        b, rapper_syntax, u)))
                if media_type == "application/ld+json" and args.jsonld_js:
                    parsers.append(("jsonld.js",
                                    lambda b: parse_with_jsonld_js(b, args.jsonld_js)))
                if media_type in QUAD_FORMATS:
                    expected = dataset_graph(quads)
                else:
                    expected = merged(merged_expectation(quads, media_type))
                for parser_name, parse in parsers:
                    name = "%s: %s" % (label, parser_name)
                    wanted = as_raptor_reads(expected) if parser_name == "rapper" else expected
                    try:
                        dataset = parse(body)
                        if media_type in QUAD_FORMATS:
                            graph = dataset_graph(dataset_quads(dataset, url))
                        else:
                            graph = merged(dataset)
                    except Exception as error:  # noqa: BLE001 - any parser failure fails
                        check(name, False, "    %s\n    body starts: %r" % (error, body[:300]))
                        continue
                    same = isomorphic(graph, wanted)
                    check(name, same, "" if same else explain(wanted, graph))
    finally:
        server.stop()

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
