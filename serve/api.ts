import { timingSafeEqual } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import ipaddr from 'ipaddr.js';
import { ConfigError, NonRetryableError } from '../core/errors.js';
import { type LookupFn, systemLookup } from '../core/net-guard.js';
import { openStore, type Store } from '../db/store.js';
import { OPENAPI_INFO, SCHEMAS } from './api-schemas.js';
import { type ModelLoader, registerRoutes } from './routes.js';

export interface ApiOptions {
  token?: string;
  host?: string;
  logger?: boolean;
  /** Loads the sentiment model for /documents/{id}/explain on first use; without it that route answers 503. */
  loadModel?: ModelLoader;
}

/**
 * Whether binding `host` listens on loopback only. The name is resolved first, and every address it has must be
 * loopback: '' and '0.0.0.0' mean every interface, and a name in /etc/hosts can point anywhere.
 */
export async function bindsLoopbackOnly(host: string, lookup: LookupFn = systemLookup): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!bare) return false;
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(bare) ? [bare] : await lookup(bare);
  } catch {
    return false;
  }
  return addresses.length > 0 && addresses.every((a) => ipaddr.isValid(a) && ipaddr.process(a).range() === 'loopback');
}

/** RFC 6750's token68 characters; 16 or more of them, so a token is not a word anyone guesses. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]{16,}=*$/;

/** A token that is set must be one a client can send and no one guesses: a space or "secret" protects nothing. */
function assertUsableToken(token: string | undefined): void {
  if (token === undefined || token === '' || BEARER_TOKEN.test(token)) return;
  throw new ConfigError(
    'the API bearer token (the variable named by server.tokenEnv) must be 16 or more letters, digits or -._~+/ ' +
      `(got ${token.length} characters${/\s/.test(token) ? ', with whitespace' : ''}); e.g. openssl rand -hex 32`,
  );
}

async function assertSafeBind(host: string, token: string | undefined): Promise<void> {
  if (token || (await bindsLoopbackOnly(host))) return;
  const where = host ? `${host} (not loopback only)` : 'every interface';
  throw new ConfigError(
    `refusing to serve on ${where} without a bearer token (set the variable named by server.tokenEnv)`,
  );
}

/**
 * The read-only API. Every query parameter is checked by a JSON schema before a handler runs (a 400 names
 * the parameter), unknown tickers are a 400, and values reach SQL only as bound parameters. A bearer
 * token, when set, is required on every route but /health; binding off loopback without one is refused.
 * The OpenAPI document at /openapi.json is generated from the same schemas.
 */
/**
 * Ajv's "querystring must NOT have additional properties" names neither the parameter nor what the route takes: a
 * client that sent `?limit=5` to a route that pages with `pageSize` learnt nothing from it.
 */
function unknownParameter(validation: unknown, querystring: unknown): string | null {
  const first = Array.isArray(validation) ? validation[0] : null;
  const name = first?.keyword === 'additionalProperties' ? first.params?.additionalProperty : null;
  if (typeof name !== 'string') return null;
  const known = Object.keys((querystring as { properties?: object } | undefined)?.properties ?? {});
  return `unknown query parameter "${name}"; this route takes ${known.join(', ') || 'none'}`;
}

export function buildApi(store: Store, options: ApiOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : null;

  app.addHook('onRequest', async (req, reply) => {
    if (!expected || req.url === '/health') return;
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      return reply.code(401).send({ error: 'missing or wrong bearer token' });
    }
  });
  // Ajv coerces "Infinity" to a number that passes `type: integer` and its bounds; no route can use one, so
  // every coerced query number must be finite, checked once here rather than route by route.
  // A reversed from..to would answer an empty list, indistinguishable from a range with no data.
  app.addHook('preHandler', async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(query)) {
      if (typeof value === 'number' && !Number.isFinite(value))
        return reply.code(400).send({ error: `bad request: querystring/${key} must be integer` });
    }
    const { from, to } = query;
    if (typeof from === 'string' && typeof to === 'string' && from > to)
      return reply.code(400).send({ error: `bad request: from ${from} is after to ${to}` });
  });
  // Unknown paths answer in the same {error} shape as every other failure, not Fastify's own.
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url}` }));
  app.setErrorHandler((err: { validation?: unknown; message: string; statusCode?: number }, req, reply) => {
    const unknown = unknownParameter(err.validation, req.routeOptions.schema?.querystring);
    if (unknown) return reply.code(400).send({ error: `bad request: ${unknown}` });
    if (err.validation) return reply.code(400).send({ error: `bad request: ${err.message}` });
    const status = err.statusCode ?? 500;
    return reply.code(status).send({ error: status < 500 ? err.message : 'internal error' });
  });
  for (const schema of Object.values(SCHEMAS)) app.addSchema(schema);
  app.register(swagger, {
    openapi: OPENAPI_INFO as never,
    refResolver: { buildLocalReference: (json) => String(json.$id) },
    // Responses are documented under x-response, so Fastify does not re-serialize rows through them.
    transform: ({ schema, url }) => {
      const { 'x-response': response, ...rest } = (schema ?? {}) as Record<string, unknown>;
      return { schema: { ...rest, ...(response ? { response } : {}) } as never, url };
    },
  });
  app.register(async (routes) => {
    routes.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    registerRoutes(routes, store, options.loadModel);
  });
  return app;
}

/** Opens the database read-only and listens. */
export async function serve(
  dbPath: string,
  options: ApiOptions & { port: number },
): Promise<{ app: FastifyInstance; url: string }> {
  const host = options.host ?? '127.0.0.1';
  assertUsableToken(options.token);
  await assertSafeBind(host, options.token);
  const store = openStore(dbPath, { readonly: true });
  const app = buildApi(store, options);
  app.addHook('onClose', async () => store.close());
  try {
    const url = await app.listen({ host, port: options.port });
    return { app, url };
  } catch (cause) {
    await app.close();
    const code = (cause as NodeJS.ErrnoException).code;
    // A second `finsent serve`, or a port another program holds: the user's next step is another --port.
    if (code === 'EADDRINUSE')
      throw new NonRetryableError(`port ${options.port} on ${host} is in use (another finsent serve?); pass --port`, {
        cause,
      });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new NonRetryableError(`cannot listen on ${host}: no such address on this machine; pass --host`, { cause });
    throw cause;
  }
}
