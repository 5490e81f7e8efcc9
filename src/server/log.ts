// The server's structured log: pino, JSON lines on stdout. Request lines carry
// `reqId` (the id also sent as x-request-id and in error bodies), so a 500 a
// client saw can be found with its trap and backtrace.
//
// Invariants: one logger per server; hot paths log only failures (a line per
// successful request would cost more than the sandbox). Imports pino only.

import { pino, type Logger } from 'pino';

export function defaultLogger(level: string = process.env['CORRAL_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name: 'corral-server', level });
}
