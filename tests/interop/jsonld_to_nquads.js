// Reads a JSON-LD document on stdin and writes its RDF as N-Quads (jsonld.js, the
// reference JSON-LD implementation), so the interop check can compare graphs.
'use strict';
const jsonld = require('jsonld');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  try {
    const doc = JSON.parse(input);
    // A remote @context would need the network; seeother inlines its context.
    const nquads = await jsonld.toRDF(doc, {
      format: 'application/n-quads',
      documentLoader: (url) => { throw new Error('remote context not allowed: ' + url); },
    });
    process.stdout.write(nquads);
  } catch (error) {
    process.stderr.write(String(error && error.stack || error) + '\n');
    process.exit(1);
  }
});
