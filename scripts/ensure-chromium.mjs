#!/usr/bin/env node
// Makes sure a Chromium for the e2e tests exists: $CHROMIUM_PATH, else /usr/bin/chromium, else (as
// root with apt-get) installs Debian's chromium. Prints the path and version; exits 1 if it can't.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_PATH;

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet() {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  console.error(
    'To run the e2e tests, install Debian/Ubuntu Chromium (sudo apt-get install -y chromium) ' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary (version 121 or later, for WebGPU).',
  );
  process.exit(1);
}

if (!isExecutable(chromiumPath)) {
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${chromiumPath} is not an executable file.`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasAptGet()) fail(`no Chromium at ${DEFAULT_PATH}, and can't install one (needs root and apt-get).`);
  console.log(`ensure-chromium: no Chromium at ${DEFAULT_PATH}; installing it with apt-get`);
  try {
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    fail('apt-get install chromium failed (see the output above).');
  }
  if (!isExecutable(chromiumPath)) fail(`apt-get finished but ${chromiumPath} is still missing.`);
}

let version;
try {
  version = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch (error) {
  fail(`${chromiumPath} exists but '--version' failed: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(`ensure-chromium: ${chromiumPath} (${version})`);
