// A cluster worker of `serve({ workers })`: rebuilds the handlers from the
// options the primary put in its environment and serves on the shared port
// until SIGTERM, then drains and exits.
//
// Invariants: runs only as a cluster worker; the options are JSON (module
// paths, limits, allow-list). Nothing imports this (it is a process entry).

import cluster from 'node:cluster';
import { serve, WORKER_OPTIONS_ENV, type ServeOptions } from './serve.js';

if (!cluster.isWorker) throw new Error('corral: cluster-worker.js runs only as a cluster worker');
const options = JSON.parse(process.env[WORKER_OPTIONS_ENV] ?? '{}') as ServeOptions;
const running = await serve({ ...options, workers: 1 });
process.once('SIGTERM', () => {
  running.close().then(() => process.exit(0), () => process.exit(1));
});
