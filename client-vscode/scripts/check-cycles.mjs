// Fails when the extension's modules import each other in a cycle (type-only imports count:
// a cycle of types is still two modules that cannot be read apart). Resolves imports with the
// TypeScript compiler's own module resolution, so it sees what tsc and esbuild see.
//
//   node scripts/check-cycles.mjs [src]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const top = resolve(root, process.argv[2] ?? 'src');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const options = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
/** The project's own modules a file imports (re-exports included). */
function imports(file) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((i) => ts.resolveModuleName(i.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName)
    .filter((f) => f !== undefined && f.startsWith(top) && !f.endsWith('.d.ts'));
}

const graph = new Map(files(top).map((f) => [f, imports(f)]));
const cycles = [];
const state = new Map(); // file -> 'active' | 'done'
const stack = [];
function visit(file) {
  state.set(file, 'active');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const show = (f) => relative(root, f);
if (cycles.length > 0) {
  for (const c of cycles) console.error(`import cycle: ${c.map(show).join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycle among ${graph.size} modules in ${show(top)}`);
