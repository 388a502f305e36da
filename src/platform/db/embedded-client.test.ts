import { describe, expect, it } from 'vitest';
import { postgresWasm } from './embedded-client.js';

describe("Postgres's WebAssembly for the embedded database", () => {
  it('is found in the PGlite package and compiled once for every database this process opens', async () => {
    const first = await postgresWasm();
    expect(first).toBeInstanceOf(WebAssembly.Module);
    expect(WebAssembly.Module.exports(first!).length).toBeGreaterThan(100);
    expect(await postgresWasm()).toBe(first);
  });
});
