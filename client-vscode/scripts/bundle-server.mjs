// Builds the aidecay server wheel into bundled/ so the extension's "Install aidecay" button
// installs the server this extension was built with, not whatever a registry serves.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extensionRoot = join(here, '..');
const repoRoot = join(extensionRoot, '..');
const out = join(extensionRoot, 'bundled');
const python = process.env.AIDECAY_PYTHON ?? 'python3';

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = spawnSync(python, ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--wheel-dir', out, repoRoot], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`bundle-server: "${python} -m pip wheel" failed; set AIDECAY_PYTHON to a Python with pip`);
  process.exit(1);
}
console.log(`bundle-server: ${readdirSync(out).join(', ')}`);
