// Bundles the extension with esbuild into dist/extension.js.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The repository's docs ship in the extension (dist/docs/): "Open Docs" opens them offline.
function bundleDocs() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const docs = join(root, '..', 'docs');
  const out = join(root, 'dist', 'docs');
  if (!existsSync(docs)) return;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'screenshots'), { recursive: true });
  for (const name of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(docs, name), 'utf8').replaceAll('../client-vscode/docs/screenshots/', 'screenshots/');
    writeFileSync(join(out, name), text);
  }
  const shots = join(root, 'docs', 'screenshots');
  if (existsSync(shots)) for (const name of readdirSync(shots)) copyFileSync(join(shots, name), join(out, 'screenshots', name));
}
bundleDocs();

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
