#!/usr/bin/env node
import { runWraparound } from './cli/main.js';

runWraparound(process.argv.slice(2), { env: process.env, out: (line) => console.log(line), err: (line) => console.error(line) }).then((code) => {
  if (code >= 0) process.exitCode = code;
});
