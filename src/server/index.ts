// The server's public face (package subpath `corral/server`): the request
// listener, the standalone server, the CLI command, and the corral_http ABI.
// Only re-exports live here.

export { createHandler, type CorralHandler, type HandlerOptions, type HandlerInterface } from './handler.js';
export { serve, type ServeOptions, type RunningServer } from './serve.js';
export { serveCommand, SERVE_HELP } from './serve-command.js';
export { type Limits, DEFAULT_LIMITS } from './limits.js';
export { ServerMetrics } from './metrics.js';
export { HTTP_MODULE, HANDLER_EXPORT, HTTP_FUNCTIONS, HttpError } from './http-abi.js';
export { fastifyCorral, type FastifyCorralOptions, type FastifyLike } from './fastify-plugin.js';
