#!/usr/bin/env python3
"""Deterministic synthetic Linked Data set for the seeother benchmark.

Writes the same graph as N-Triples and as Turtle, plus a list of the things' local names:

    bench/generate.py --things 10000 --out bench/out/data
    -> bench-10000.nt  bench-10000.ttl  bench-10000.things

Things live at http://bench.example/id/{person,org,place}/N. About 80 % are people, 15 %
places and 5 % organisations, averaging about 27 triples per thing (blank-node triples
included):

- people: two types, names from several cultures (diacritics, apostrophes, Cyrillic,
  Greek, Katakana labels), a birth date (xsd:date), a height (xsd:integer), job titles in
  three languages, an employer, 1-5 acquaintances, a place, a mailbox, a postal address as a
  blank node with a nested geo blank node, and for one in ten a long description (0.5-3 KB,
  with quotes and newlines);
- places: labels in English, Russian, Greek and Japanese, a geo blank node, population
  (integer), elevation (decimal), the country that contains them;
- organisations: names in four languages, founding date, employee count, location, address
  and geo blank nodes, long descriptions.

Hubs: the first 12 places are countries that contain every other place; half the people
work for one of the first five organisations and four in ten live near one of 30 places.

Only the Python standard library; the output depends on --things and --seed alone.
"""

import argparse
import os
import random
import sys
import time

BASE = "http://bench.example/"
ID = BASE + "id/"

PREFIXES = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("schema", "http://schema.org/"),
    ("person", ID + "person/"),
    ("org", ID + "org/"),
    ("place", ID + "place/"),
]
NS = dict(PREFIXES)


class Term:
    """A predicate or class: its N-Triples form and its Turtle prefixed name."""

    def __init__(self, prefix, local):
        self.nt = "<" + NS[prefix] + local + ">"
        self.ttl = prefix + ":" + local


def t(prefix, local):
    return Term(prefix, local)


RDF_TYPE = t("rdf", "type")
LABEL = t("rdfs", "label")
SAME_AS = t("owl", "sameAs")
F_PERSON, F_ORG = t("foaf", "Person"), t("foaf", "Organization")
F_NAME, F_GIVEN, F_FAMILY = t("foaf", "name"), t("foaf", "givenName"), t("foaf", "familyName")
F_KNOWS, F_NEAR, F_MBOX = t("foaf", "knows"), t("foaf", "based_near"), t("foaf", "mbox")
F_HOMEPAGE, F_NICK = t("foaf", "homepage"), t("foaf", "nick")
S_PHONE = t("schema", "telephone")
S_PERSON, S_ORG, S_PLACE = t("schema", "Person"), t("schema", "Organization"), t("schema", "Place")
S_COUNTRY = t("schema", "Country")
S_POSTAL, S_GEOC = t("schema", "PostalAddress"), t("schema", "GeoCoordinates")
S_BIRTH, S_HEIGHT, S_JOB = t("schema", "birthDate"), t("schema", "height"), t("schema", "jobTitle")
S_WORKS, S_MEMBER = t("schema", "worksFor"), t("schema", "memberOf")
S_ADDRESS, S_STREET = t("schema", "address"), t("schema", "streetAddress")
S_POSTCODE, S_LOCALITY = t("schema", "postalCode"), t("schema", "addressLocality")
S_COUNTRYCODE, S_GEO = t("schema", "addressCountry"), t("schema", "geo")
S_LAT, S_LONG = t("schema", "latitude"), t("schema", "longitude")
S_DESC, S_NAME, S_LEGAL = t("schema", "description"), t("schema", "name"), t("schema", "legalName")
S_FOUNDED, S_EMPLOYEES = t("schema", "foundingDate"), t("schema", "numberOfEmployees")
S_LOCATION, S_URL = t("schema", "location"), t("schema", "url")
S_PARENT = t("schema", "parentOrganization")
S_CONTAINED, S_POPULATION = t("schema", "containedInPlace"), t("schema", "population")
S_ELEVATION = t("schema", "elevation")

XSD_DATE = "<" + NS["xsd"] + "date>"
XSD_INTEGER = "<" + NS["xsd"] + "integer>"
XSD_DECIMAL = "<" + NS["xsd"] + "decimal>"

# Parallel syllables: Latin, Cyrillic, Greek, Katakana. Toponyms and some family names are
# built from them, so each has labels in four scripts that agree with each other.
SYLLABLES = [
    ("ka", "ка", "κα", "カ"), ("ri", "ри", "ρι", "リ"), ("to", "то", "το", "ト"),
    ("mi", "ми", "μι", "ミ"), ("na", "на", "να", "ナ"), ("sa", "са", "σα", "サ"),
    ("ko", "ко", "κο", "コ"), ("ne", "не", "νε", "ネ"), ("ru", "ру", "ρου", "ル"),
    ("shi", "ши", "σι", "シ"), ("ta", "та", "τα", "タ"), ("no", "но", "νο", "ノ"),
    ("ma", "ма", "μα", "マ"), ("ho", "хо", "χο", "ホ"), ("ya", "я", "για", "ヤ"),
    ("ze", "зе", "ζε", "ゼ"), ("bo", "бо", "μπο", "ボ"), ("da", "да", "ντα", "ダ"),
    ("ki", "ки", "κι", "キ"), ("su", "су", "σου", "ス"), ("mo", "мо", "μο", "モ"),
    ("ra", "ра", "ρα", "ラ"), ("te", "те", "τε", "テ"), ("ni", "ни", "νι", "ニ"),
    ("ha", "ха", "χα", "ハ"), ("se", "се", "σε", "セ"), ("lo", "ло", "λο", "ロ"),
    ("pe", "пе", "πε", "ペ"), ("gu", "гу", "γκου", "グ"), ("fu", "фу", "φου", "フ"),
]

COUNTRIES = [
    # code, en, other labels
    ("CH", "Switzerland",
     [("de", "Schweiz"), ("fr", "Suisse"), ("it", "Svizzera"), ("rm", "Svizra")]),
    ("JP", "Japan", [("ja", "日本"), ("fr", "Japon"), ("zh", "日本国")]),
    ("EG", "Egypt", [("ar", "مصر"), ("fr", "Égypte"), ("de", "Ägypten")]),
    ("RU", "Russia", [("ru", "Россия"), ("fr", "Russie"), ("de", "Russland")]),
    ("GR", "Greece", [("el", "Ελλάδα"), ("fr", "Grèce"), ("de", "Griechenland")]),
    ("IS", "Iceland", [("is", "Ísland"), ("fr", "Islande"), ("de", "Island")]),
    ("PL", "Poland", [("pl", "Polska"), ("fr", "Pologne"), ("de", "Polen")]),
    ("ES", "Spain", [("es", "España"), ("fr", "Espagne"), ("ca", "Espanya")]),
    ("BR", "Brazil", [("pt", "Brasil"), ("fr", "Brésil"), ("es", "Brasil")]),
    ("CN", "China", [("zh", "中国"), ("ja", "中国"), ("fr", "Chine")]),
    ("IN", "India", [("hi", "भारत"), ("fr", "Inde"), ("ta", "இந்தியா")]),
    ("CZ", "Czechia", [("cs", "Česko"), ("fr", "Tchéquie"), ("de", "Tschechien")]),
]
N_COUNTRIES = len(COUNTRIES)

GIVEN = [
    "Alice", "Zoë", "José", "Łukasz", "Søren", "Ágnes", "Björn", "Chloé", "Nikolaj", "Aoife",
    "Mateus", "Siobhán", "Jürgen", "Renée", "Hiroshi", "Yuki", "Fatima", "Omar", "Priya",
    "Arjun", "Mei", "Wei", "Olga", "Dmitri", "Eleni", "Giorgos", "Guðrún", "Þór", "Inés",
    "François", "Ana", "João", "Ngozi", "Kwame", "Sanna", "Matti", "Zsófia", "Ilse", "Ömer",
    "Ayşe", "Carmen", "Tomáš", "Věra", "Paweł", "Małgorzata", "Noémie", "Lars", "Ingrid",
]
FAMILY = [
    "Müller", "Núñez", "Ólafsdóttir", "Kowalczyk", "Dubois", "Nakamura", "O'Brien", "Dvořák",
    "García", "Søndergaard", "Ferreira", "Papadopoulos", "Ivanova", "Smith", "Van der Berg",
    "Hernández", "Łoś", "Öztürk", "Nguyễn", "Kim", "Singh", "Mbeki", "Virtanen", "Schäfer",
    "Lefèvre", "Gonçalves", "Novák", "Jónsson", "Rossi", "Čapek", "Da Silva", "Leroy",
]
JOBS = [
    ("Cartographer", "Cartographe", "Kartograf"),
    ("Software engineer", "Ingénieure logiciel", "Softwareentwicklerin"),
    ("Nurse", "Infirmier", "Krankenpfleger"),
    ("Teacher", "Enseignante", "Lehrerin"),
    ("Architect", "Architecte", "Architekt"),
    ("Baker", "Boulanger", "Bäcker"),
    ("Surveyor", "Géomètre", "Vermesser"),
    ("Translator", "Traductrice", "Übersetzerin"),
    ("Physician", "Médecin", "Ärztin"),
    ("Librarian", "Bibliothécaire", "Bibliothekar"),
    ("Economist", "Économiste", "Ökonomin"),
    ("Glassblower", "Souffleur de verre", "Glasbläser"),
    ("Pilot", "Pilote de ligne", "Flugzeugführerin"),
    ("Gardener", "Jardinière", "Gärtner"),
]
ORG_WORDS = [
    ("Institute", "Institut", "Institut", "研究所"), ("Bank", "Banque", "Bank", "銀行"),
    ("Foundation", "Fondation", "Stiftung", "財団"), ("Works", "Ateliers", "Werke", "工房"),
    ("University", "Université", "Universität", "大学"), ("Cooperative", "Coopérative",
    "Genossenschaft", "協同組合"), ("Laboratory", "Laboratoire", "Labor", "研究室"),
]
WORDS = (
    "the of and a to in is was for on as with by at from that this it be are an or its "
    "archive survey river valley mountain lake bridge harbour railway station museum library "
    "market council school hospital garden forest field road tower castle church mill "
    "café naïve façade Straße Übergang über sécurité élève château Zürich Genève Kraków "
    "Łódź São Paulo Reykjavík 東京 大阪 Москва Санкт-Петербург Αθήνα القاهرة "
    "cartography measurement latitude longitude elevation population census register "
    "founded renamed merged extended rebuilt restored documented catalogued digitised"
).split()
STREETS = ["rue du Rhône", "Bahnhofstrasse", "Calle Mayor", "ulica Długa", "Main Street",
           "Rua Augusta", "Odos Ermou", "Laugavegur", "Náměstí Míru", "avenue de l'Église",
           "Kärntner Straße", "Nevsky prospekt"]


def lit(text):
    """A literal's quoted form, valid in both N-Triples and Turtle."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = (text.replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
    return '"' + text + '"'


class Writer:
    """Collects one thing's triples and emits them as N-Triples and as Turtle.

    A description is a list of (predicate Term, objects); an object is ('i', iri) for a
    full IRI, ('r', local) for a thing under id:, ('l', quoted, suffix_nt, suffix_ttl, bare)
    for a literal (bare is the Turtle shorthand or None), or ('b', description) for a blank
    node.
    """

    def __init__(self, nt_file, ttl_file):
        self.nt_file, self.ttl_file = nt_file, ttl_file
        self.nt, self.ttl = [], []
        self.triples = 0
        self.bnode = 0
        self.pending = 0

    def thing(self, local, desc):
        subject_nt = "<" + ID + local + ">"
        self._nt(subject_nt, desc)
        self.ttl.append(local.replace("/", ":", 1) + self._ttl_body(desc, "\n    ") + " .\n\n")
        self.pending += 1
        if self.pending >= 2000:
            self.flush()

    def _nt(self, subject, desc):
        out = self.nt
        for pred, objs in desc:
            p = pred.nt
            for o in objs:
                kind = o[0]
                if kind == "r":
                    obj = "<" + ID + o[1] + ">"
                elif kind == "l":
                    obj = o[1] + o[2]
                elif kind == "i":
                    obj = "<" + o[1] + ">"
                else:
                    self.bnode += 1
                    obj = "_:b" + str(self.bnode)
                    self._nt(obj, o[1])
                out.append(subject + " " + p + " " + obj + " .\n")
                self.triples += 1

    def _ttl_body(self, desc, indent):
        parts = []
        for pred, objs in desc:
            rendered = []
            for o in objs:
                kind = o[0]
                if kind == "r":
                    rendered.append(o[1].replace("/", ":", 1))
                elif kind == "l":
                    rendered.append(o[4] if o[4] is not None else o[1] + o[3])
                elif kind == "i":
                    rendered.append("<" + o[1] + ">")
                else:
                    rendered.append("[" + self._ttl_body(o[1], indent + "    ") + indent + "]")
            name = "a" if pred is RDF_TYPE else pred.ttl
            parts.append(indent + name + " " + " , ".join(rendered))
        return " ;".join(parts)

    def flush(self):
        self.nt_file.write("".join(self.nt))
        self.ttl_file.write("".join(self.ttl))
        self.nt.clear()
        self.ttl.clear()
        self.pending = 0


def plain(text, lang=None):
    q = lit(text)
    suffix = "@" + lang if lang else ""
    return ("l", q, suffix, suffix, None)


def typed(lexical, datatype_nt, datatype_ttl, bare=None):
    return ("l", '"' + lexical + '"', "^^" + datatype_nt, "^^" + datatype_ttl, bare)


def date(y, m, d):
    return typed("%04d-%02d-%02d" % (y, m, d), XSD_DATE, "xsd:date")


def integer(n):
    s = str(n)
    return typed(s, XSD_INTEGER, "xsd:integer", s)


def decimal(x, use_bare):
    s = "%.4f" % x
    return typed(s, XSD_DECIMAL, "xsd:decimal", s if use_bare else None)


def ref(local):
    return ("r", local)


def iri(value):
    return ("i", value)


def blank(desc):
    return ("b", desc)


def counts(things):
    """(people, places, organisations) for a total of `things`."""
    places = max(N_COUNTRIES + 1, things * 15 // 100)
    orgs = max(5, things * 5 // 100)
    people = max(1, things - places - orgs)
    return people, places, orgs


def local_names(things):
    people, places, orgs = counts(things)
    return ([f"place/{i}" for i in range(places)] + [f"org/{i}" for i in range(orgs)]
            + [f"person/{i}" for i in range(people)])


class Generator:
    def __init__(self, things, seed):
        self.people, self.places, self.orgs = counts(things)
        self.rng = random.Random(f"seeother-bench/{seed}/{things}")

    def words(self, n):
        r = self.rng
        return " ".join(r.choice(WORDS) for _ in range(n))

    def long_text(self, min_chars, max_chars):
        r = self.rng
        target = r.randint(min_chars, max_chars)
        out, size = [], 0
        while size < target:
            sentence = self.words(r.randint(6, 18))
            sentence = sentence[0].upper() + sentence[1:] + "."
            if r.random() < 0.1:
                sentence += ' It was called "' + self.words(2) + '" then.'
            if r.random() < 0.05:
                sentence += "\n\n"
            out.append(sentence)
            size += len(sentence) + 1
        return " ".join(out)

    def syllable_name(self, n):
        r = self.rng
        parts = [r.choice(SYLLABLES) for _ in range(n)]
        latin = "".join(p[0] for p in parts).capitalize()
        return latin, "".join(p[1] for p in parts).capitalize(), "".join(p[2] for p in parts), \
            "".join(p[3] for p in parts)

    def geo(self, lat, lon):
        return blank([
            (RDF_TYPE, [ref_type(S_GEOC)]),
            (S_LAT, [decimal(lat, self.rng.random() < 0.5)]),
            (S_LONG, [decimal(lon, self.rng.random() < 0.5)]),
        ])

    def address(self, place, country):
        r = self.rng
        lat, lon = r.uniform(-60, 70), r.uniform(-180, 180)
        return blank([
            (RDF_TYPE, [ref_type(S_POSTAL)]),
            (S_STREET, [plain(f"{r.randint(1, 250)} {r.choice(STREETS)}")]),
            (S_POSTCODE, [plain(str(r.randint(1000, 99999)))]),
            (S_LOCALITY, [ref(f"place/{place}")]),
            (S_COUNTRYCODE, [plain(COUNTRIES[country][0])]),
            (S_GEO, [self.geo(lat, lon)]),
        ])

    def country_of(self, place):
        return place if place < N_COUNTRIES else place % N_COUNTRIES

    def some_place(self):
        """Four in ten people live near one of 30 popular places (hubs)."""
        r = self.rng
        if r.random() < 0.4:
            return r.randrange(min(30, self.places))
        return r.randrange(self.places)

    def place(self, i):
        r = self.rng
        if i < N_COUNTRIES:
            code, en, others = COUNTRIES[i]
            desc = [
                (RDF_TYPE, [ref_type(S_PLACE), ref_type(S_COUNTRY)]),
                (LABEL, [plain(en, "en")] + [plain(v, lang) for lang, v in others]),
                (S_POPULATION, [integer(r.randint(300_000, 1_400_000_000))]),
                (S_GEO, [self.geo(r.uniform(-40, 65), r.uniform(-90, 140))]),
                (SAME_AS, [iri(f"http://www.wikidata.org/entity/Q{39 + i * 17}")]),
                (S_DESC, [plain(self.long_text(400, 1500), "en")]),
            ]
            return desc
        latin, cyr, greek, kana = self.syllable_name(r.randint(2, 4))
        labels = [plain(latin, "en"), plain(cyr, "ru"), plain(greek, "el"), plain(kana, "ja")]
        if r.random() < 0.5:
            labels.append(plain("Saint-" + latin, "fr"))
        desc = [
            (RDF_TYPE, [ref_type(S_PLACE)]),
            (LABEL, labels),
            (S_CONTAINED, [ref(f"place/{i % N_COUNTRIES}")]),
            (S_POPULATION, [integer(r.randint(50, 5_000_000))]),
            (S_ELEVATION, [decimal(r.uniform(-20, 3500), r.random() < 0.5)]),
            (S_GEO, [self.geo(r.uniform(-60, 70), r.uniform(-180, 180))]),
            (SAME_AS, [iri(f"http://www.wikidata.org/entity/Q{1000000 + i}")]),
        ]
        if r.random() < 0.3:
            desc.append((S_DESC, [plain(self.long_text(100, 600), "en")]))
        return desc

    def org(self, i):
        r = self.rng
        word = r.choice(ORG_WORDS)
        latin, _, _, kana = self.syllable_name(r.randint(2, 3))
        place = self.some_place()
        names = [plain(f"{latin} {word[0]}", "en"), plain(f"{word[1]} {latin}", "fr"),
                 plain(f"{latin}-{word[2]}", "de"), plain(f"{kana}{word[3]}", "ja")]
        desc = [
            (RDF_TYPE, [ref_type(S_ORG), ref_type(F_ORG)]),
            (S_NAME, [names[0]]),
            (S_LEGAL, [plain(f"{latin} {word[0]} Ltd.")]),
            (LABEL, names),
            (S_FOUNDED, [date(r.randint(1850, 2020), r.randint(1, 12), r.randint(1, 28))]),
            (S_EMPLOYEES, [integer(r.randint(3, 250_000) if i >= 5
                                   else r.randint(100_000, 900_000))]),
            (S_LOCATION, [ref(f"place/{place}")]),
            (S_ADDRESS, [self.address(place, self.country_of(place))]),
            (S_URL, [iri(f"https://{latin.lower()}-{i}.example.com/")]),
            (SAME_AS, [iri(f"http://www.wikidata.org/entity/Q{5000000 + i}")]),
            (S_DESC, [plain(self.long_text(200, 1500), "en")]
             + ([plain(self.long_text(200, 800), "fr")] if r.random() < 0.5 else [])),
        ]
        if i >= 5 and r.random() < 0.2:
            desc.append((S_PARENT, [ref(f"org/{r.randrange(5)}")]))
        return desc

    def person(self, i):
        r = self.rng
        given = r.choice(GIVEN)
        if r.random() < 0.3:
            family, cyr, greek, kana = self.syllable_name(r.randint(2, 3))
            extra = [plain(f"{given} {family}", "en"), plain(cyr, "ru"), plain(kana, "ja")]
        else:
            family = r.choice(FAMILY)
            extra = [plain(f"{given} {family}", "en")]
        name = f"{given} {family}"
        job = r.choice(JOBS)
        place = self.some_place()
        # Half the people work for one of the first five organisations (hubs).
        org = r.randrange(min(5, self.orgs)) if r.random() < 0.5 else r.randrange(self.orgs)
        knows = sorted({r.randrange(self.people) for _ in range(r.randint(1, 6))} - {i})
        desc = [
            (RDF_TYPE, [ref_type(F_PERSON), ref_type(S_PERSON)]),
            (F_NAME, [plain(name)]),
            (F_GIVEN, [plain(given)]),
            (F_FAMILY, [plain(family)]),
            (LABEL, extra),
            (S_BIRTH, [date(r.randint(1940, 2005), r.randint(1, 12), r.randint(1, 28))]),
            (S_HEIGHT, [integer(r.randint(140, 205))]),
            (S_JOB, [plain(job[0], "en"), plain(job[1], "fr"), plain(job[2], "de")]),
            (S_WORKS, [ref(f"org/{org}")]),
        ]
        if r.random() < 0.2:
            desc.append((S_MEMBER, [ref(f"org/{r.randrange(self.orgs)}")]))
        if knows:
            desc.append((F_KNOWS, [ref(f"person/{k}") for k in knows]))
        desc += [
            (F_NEAR, [ref(f"place/{place}")]),
            (S_ADDRESS, [self.address(place, self.country_of(place))]),
            (F_MBOX, [iri(f"mailto:person{i}@bench.example")]),
        ]
        if r.random() < 0.6:
            desc.append((S_PHONE, [plain(f"+{r.randint(1, 99)} {r.randint(10, 99)} "
                                         f"{r.randint(100, 999)} {r.randint(1000, 9999)}")]))
        if r.random() < 0.3:
            desc.append((F_NICK, [plain(given.lower() + str(i % 97))]))
        if r.random() < 0.3:
            desc.append((F_HOMEPAGE, [iri(f"https://people.example.net/~p{i}/")]))
        if r.random() < 0.1:
            desc.append((S_DESC, [plain(self.long_text(500, 3000), "en")]))
        return desc


_TYPE_OBJECTS = {}


def ref_type(term):
    """A class as an object: its full IRI (the Writer prints Turtle's prefixed name)."""
    o = _TYPE_OBJECTS.get(term.ttl)
    if o is None:
        o = ("l", term.nt, "", "", term.ttl)  # printed verbatim in both syntaxes
        _TYPE_OBJECTS[term.ttl] = o
    return o


def generate(things, out_dir, seed, progress):
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.join(out_dir, f"bench-{things}")
    g = Generator(things, seed)
    tmp = f".tmp{os.getpid()}"
    started = time.monotonic()
    with open(stem + ".nt" + tmp, "w", encoding="utf-8", buffering=1 << 20) as nt, \
            open(stem + ".ttl" + tmp, "w", encoding="utf-8", buffering=1 << 20) as ttl:
        ttl.write("# seeother benchmark data: %d things (bench/generate.py, seed %s)\n"
                  % (things, seed))
        for p, ns in PREFIXES:
            ttl.write(f"@prefix {p}: <{ns}> .\n")
        ttl.write("\n")
        w = Writer(nt, ttl)
        done, last = 0, started
        for kind, count, make in (("place", g.places, g.place), ("org", g.orgs, g.org),
                                  ("person", g.people, g.person)):
            for i in range(count):
                w.thing(f"{kind}/{i}", make(i))
                done += 1
                if progress and done % 50000 == 0 and time.monotonic() - last > 2:
                    last = time.monotonic()
                    print(f"  generated {done}/{things} things, {w.triples} triples "
                          f"({last - started:.0f} s)", file=sys.stderr, flush=True)
        w.flush()
    with open(stem + ".things" + tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(local_names(things)) + "\n")
    for ext in (".nt", ".ttl", ".things"):
        os.replace(stem + ext + tmp, stem + ext)
    return stem, w.triples, time.monotonic() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--things", type=int, default=10000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "out", "data"))
    ap.add_argument("--seed", default="1")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.things < 20:
        ap.error("--things must be at least 20")
    stem, triples, seconds = generate(args.things, args.out, args.seed, not args.quiet)
    print(f"{stem}.nt/.ttl/.things: {args.things} things, {triples} triples "
          f"({triples / args.things:.1f} per thing) in {seconds:.1f} s")


if __name__ == "__main__":
    main()
