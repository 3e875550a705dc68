// A SPARQL 1.1 Protocol endpoint over Oxigraph (npm `oxigraph`, pinned by package-lock.json):
// the standards-strict engine the SPARQL-store tests run against besides Virtuoso, and the
// faults they need (a slow answer, an HTTP 500, a malformed answer).
//
//   node oxigraph_server.mjs [--port N]   prints "listening on http://127.0.0.1:PORT/"
//
//   GET|POST /sparql                 query (form field or URL parameter `query`); CONSTRUCT and
//                                    DESCRIBE as N-Triples, SELECT and ASK as SPARQL JSON
//   POST /sparql, POST /update      a SPARQL 1.1 Update (form field `update`, or the body as
//                                    application/sparql-update), answered 204, applied in one
//                                    transaction; /update takes nothing else (as Oxigraph's
//                                    own server)
//   POST /load?format=F&graph=IRI&base=IRI   the body (Turtle, TriG, N-Triples, N-Quads) into
//                                    the store, the default graph of the text into IRI
//   /delay/MS/sparql                 as /sparql, answered after MS milliseconds
//   /status/CODE/sparql              answers CODE with a short text body
//   (the fault paths end in /update too: the same faults for updates)
//   /garbage/sparql                  200 N-Triples that do not parse
//   /wrongtype/sparql                200 text/html
//   /cut/N/sparql                    as /sparql, the answer cut after N lines (a row limit)
//   /trickle/sparql                  200 N-Triples, one line every 200 ms, for a minute
//   /anytime/sparql                  200 with Virtuoso's partial-answer header X-SQL-State
//   /basic/USER:PASSWORD/sparql      as /sparql for HTTP Basic USER:PASSWORD, else 401
import http from "node:http";
import { URLSearchParams } from "node:url";
import oxigraph from "oxigraph";

const store = new oxigraph.Store();
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(response, status, type, body) {
  response.writeHead(status, { "Content-Type": type });
  response.end(body);
}

/// The query, or { update } for a SPARQL Update (SPARQL 1.1 Protocol, form-encoded).
async function queryOf(request, url) {
  if (request.method === "GET") return url.searchParams.get("query");
  const body = await readBody(request);
  const type = request.headers["content-type"] || "";
  if (type.startsWith("application/sparql-query")) return body;
  if (type.startsWith("application/sparql-update")) return { update: body };
  const form = new URLSearchParams(body);
  if (form.get("update") !== null) return { update: form.get("update") };
  return form.get("query");
}

function answer(response, query, cut) {
  let result;
  try {
    // Results as text: N-Triples for graphs, SPARQL JSON for bindings and booleans.
    const kind = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*(\w+)/i.exec(query)?.[1]?.toUpperCase();
    const graph = kind === "CONSTRUCT" || kind === "DESCRIBE";
    result = store.query(query, {
      results_format: graph ? "application/n-triples" : "application/sparql-results+json",
    });
    if (cut !== undefined) result = result.split("\n").slice(0, cut).join("\n") + "\n";
    reply(response, 200, graph ? "application/n-triples" : "application/sparql-results+json",
          result);
  } catch (e) {
    reply(response, 400, "text/plain; charset=utf-8", `query error: ${e}\n`);
  }
}

function applyUpdate(response, update) {
  try {
    store.update(update);
    reply(response, 204, "text/plain", "");
  } catch (e) {
    reply(response, 400, "text/plain; charset=utf-8", `update error: ${e}\n`);
  }
}

/// An update, through the fault paths that make sense for one (delay, status, basic).
function runUpdate(request, response, parts, update) {
  if (parts[0] === "delay") return setTimeout(() => applyUpdate(response, update), Number(parts[1]));
  if (parts[0] === "status")
    return reply(response, Number(parts[1]), "text/plain", `failing on purpose with ${parts[1]}\n`);
  if (parts[0] === "basic") {
    const expected = "Basic " + Buffer.from(decodeURIComponent(parts[1])).toString("base64");
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"', "Content-Type": "text/plain" });
      return response.end("who are you?\n");
    }
  }
  return applyUpdate(response, update);
}

const server = http.createServer(async (request, response) => {
  try {
    const url = new URL(request.url, "http://localhost");
    const parts = url.pathname.split("/").filter((p) => p);
    if (url.pathname === "/load" && request.method === "POST") {
      const body = await readBody(request);
      const options = { format: url.searchParams.get("format") || "text/turtle" };
      if (url.searchParams.get("base")) options.base_iri = url.searchParams.get("base");
      if (url.searchParams.get("graph"))
        options.to_graph_name = oxigraph.namedNode(url.searchParams.get("graph"));
      store.load(body, options);
      return reply(response, 204, "text/plain", "");
    }
    if (parts.at(-1) !== "sparql" && parts.at(-1) !== "update")
      return reply(response, 404, "text/plain", "not found\n");
    const query = await queryOf(request, url);
    if (!query) return reply(response, 400, "text/plain", "no query\n");
    if (parts.at(-1) === "update" && query.update === undefined)
      return reply(response, 400, "text/plain", "only updates here\n");
    if (query.update !== undefined) return runUpdate(request, response, parts, query.update);
    if (parts[0] === "delay") {
      setTimeout(() => answer(response, query), Number(parts[1]));
    } else if (parts[0] === "status") {
      reply(response, Number(parts[1]), "text/plain", `failing on purpose with ${parts[1]}\n`);
    } else if (parts[0] === "garbage") {
      reply(response, 200, "application/n-triples", "<http://a> <http://b> \"unterminated .\n");
    } else if (parts[0] === "trickle") {
      response.writeHead(200, { "Content-Type": "application/n-triples" });
      let lines = 0;
      const timer = setInterval(() => {
        if (++lines > 300 || response.destroyed) {
          clearInterval(timer);
          return response.end();
        }
        response.write(`<urn:x:s${lines}> <urn:x:p> "slowly" .\n`);
      }, 200);
      response.on("close", () => clearInterval(timer));
    } else if (parts[0] === "cut") {
      answer(response, query, Number(parts[1]));
    } else if (parts[0] === "anytime") {
      response.writeHead(200, { "Content-Type": "application/n-triples", "X-SQL-State": "S1TAT" });
      response.end("");
    } else if (parts[0] === "basic") {
      const expected = "Basic " + Buffer.from(decodeURIComponent(parts[1])).toString("base64");
      if (request.headers.authorization === expected) return answer(response, query);
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"', "Content-Type": "text/plain" });
      response.end("who are you?\n");
    } else if (parts[0] === "wrongtype") {
      reply(response, 200, "text/html", "<html><body>not RDF</body></html>\n");
    } else {
      answer(response, query);
    }
  } catch (e) {
    reply(response, 500, "text/plain", `server error: ${e}\n`);
  }
});

server.keepAliveTimeout = 60000;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
