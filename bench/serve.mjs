// Small helpers the browser benchmarks share: a log line on stderr, and waiting for a local server.

export const log = (line) => process.stderr.write(`${line}\n`);

/** Resolves once `url` answers 200; throws with `what` (the server, and what to check) after `timeoutMs`. */
export async function waitForServer(url, timeoutMs, what = 'the server') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}
