// Starts the real seeother binary on a free loopback port, as the C++ e2e tests do: waits
// for its "listening on" line and stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const binary = process.env.SEEOTHER_BINARY;
export const sampleData = process.env.SEEOTHER_SAMPLE_DATA;
export const artifacts = process.env.SEEOTHER_ARTIFACTS;
export const here = new URL('.', import.meta.url).pathname;

/// A hub under the sample's base: id/hub is the object of ex:member in `count` triples.
export function writeHub(count = 2500) {
  const dir = mkdtempSync(join(tmpdir(), 'seeother-hub-'));
  let ttl = '@prefix ex: <http://example.org/vocab#> .\n' +
    '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n' +
    '<http://example.org/id/hub> a ex:Hub ; rdfs:label "The hub"@en, "Le carrefour"@fr .\n';
  for (let i = 0; i < count; i++)
    ttl += `<http://example.org/id/member/${i}> a ex:Member ; rdfs:label "Member ${i}" ;` +
      ` ex:member <http://example.org/id/hub> .\n`;
  const file = join(dir, 'hub.ttl');
  writeFileSync(file, ttl);
  return file;
}

/// A hash vocabulary larger than one HTML page (200 values): <http://example.org/big#tNNN>.
export function writeBigVocabulary(dir, count = 250) {
  let ttl = '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n' +
    '<http://example.org/big> rdfs:label "A large hash vocabulary"@en .\n';
  for (let i = 0; i < count; i++)
    ttl += `<http://example.org/big#t${String(i).padStart(3, '0')}> rdfs:label "Big term ${i}" .\n`;
  const file = join(dir, 'big.ttl');
  writeFileSync(file, ttl);
  return file;
}

/// The sample, the hostile fixture, a generated hub and a large hash vocabulary, all under
/// http://example.org/.
export async function startServer() {
  if (!binary || !sampleData)
    throw new Error('SEEOTHER_BINARY and SEEOTHER_SAMPLE_DATA must be set (ctest sets them)');
  const hub = writeHub();
  const big = writeBigVocabulary(dirname(hub));
  const args = ['--data', sampleData, '--data', join(here, 'hostile.ttl'), '--data', hub, '--data', big,
    '--base', 'http://example.org/', '--listen', '127.0.0.1:0'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 30 s; stderr:\n${stderr}`)),
      30000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/^listening on (http:\/\/[^\s]+)\/\n/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`seeother exited with ${code}; stderr:\n${stderr}`)));
  });
  return {
    origin,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (code) => {
        rmSync(dirname(hub), { recursive: true, force: true });
        resolve(code);
      });
      child.kill('SIGTERM');
    }),
  };
}
