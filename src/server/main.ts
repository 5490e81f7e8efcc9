#!/usr/bin/env node
// `node dist/src/server/main.js [serve options]`: the server as its own
// process (what `npm start` runs, with --examples), until `corral serve` is
// wired into the CLI. Nothing imports this (it is a process entry).

import { serveCommand } from './serve-command.js';

process.exitCode = await serveCommand(process.argv.slice(2));
