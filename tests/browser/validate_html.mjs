// Fetches a set of seeother's HTML pages and checks them with the W3C Nu HTML checker
// (vnu.jar from npm vnu-jar, on Java): home, a document, page 2 of a hub, search results,
// a class page, the class list, VoID, the hostile fixture, a hash vocabulary's contents, the
// reserved home and the 404 page for browsers. Any error fails the test;
// the pages are kept under $SEEOTHER_ARTIFACTS/html for inspection.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, here, startServer } from './server.mjs';

const vnu = join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
// ctest reports exit code 77 as a skip, with the line before it as the reason; scripts/test
// installs both and fails on any skip.
if (!existsSync(vnu)) {
  console.log(`SKIPPED: ${vnu} is missing; run: npm ci --prefix tests/browser`);
  process.exit(77);
}
if (spawnSync('java', ['-version']).error) {
  console.log('SKIPPED: java is not installed; run: scripts/install-deps --test');
  process.exit(77);
}

const pages = {
  'home.html': '/',
  'document.html': '/doc/alice',
  'document-fr.html': '/doc/gen%C3%A8ve?lang=fr',
  'long-text.html': '/doc/lake-geneva',
  'list.html': '/doc/trail/lavaux',
  'hash-document.html': '/vocab',
  'hub-page-2.html': '/doc/hub?page=2',
  'search.html': '/search?q=gen',
  'search-empty.html': '/search',
  'class.html': '/class?iri=http%3A%2F%2Fexample.org%2Fvocab%23Member&page=3',
  'classes.html': '/classes',
  'void.html': '/.well-known/void',
  'hostile.html': '/doc/hostile',
  'hash-contents.html': '/big',
  'own-home.html': '/.well-known/seeother/',
  'not-found.html': '/id/no-such-thing',
};

const out = join(artifacts || join(here, 'artifacts'), 'html');
mkdirSync(out, { recursive: true });
const server = await startServer();
let failed = false;
try {
  const files = [];
  for (const [name, path] of Object.entries(pages)) {
    const res = await fetch(server.origin + path, { headers: { Accept: 'text/html' } });
    const expected = name === 'not-found.html' ? 404 : 200;
    if (res.status !== expected || !res.headers.get('content-type').startsWith('text/html')) {
      console.error(`${path}: ${res.status} ${res.headers.get('content-type')}`);
      failed = true;
      continue;
    }
    const file = join(out, name);
    writeFileSync(file, await res.text());
    files.push(file);
  }
  let report = '';
  try {
    execFileSync('java', ['-jar', vnu, '--format', 'text', '--also-check-css', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    report = `${e.stdout}${e.stderr}`;
  }
  const errors = report.split('\n').filter((line) => /error/i.test(line));
  if (errors.length > 0) {
    console.error(report);
    failed = true;
  } else {
    console.log(`vnu: ${files.length} pages valid${report ? ` (notes:\n${report})` : ''}`);
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
