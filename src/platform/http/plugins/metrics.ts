import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { safeEqual } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';

/**
 * GET /metrics in Prometheus text: request durations by route pattern (never the raw URL, which
 * could carry a name), database pool use, and errors. When METRICS_TOKEN is set it is required as a
 * bearer token.
 */
export default fp(
  async (app: FastifyInstance, opts: { db: Database; token: string | null }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'wraparound_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    const errors = new Counter({
      name: 'wraparound_http_errors_total',
      help: 'Responses with a 5xx status',
      labelNames: ['route'],
      registers: [registry],
    });
    new Gauge({
      name: 'wraparound_read_replica_lag_seconds',
      help: 'How far the read replica is behind the primary, in seconds (+Inf when not known; 0 when there is no replica)',
      registers: [registry],
      collect() {
        const lag = opts.db.stats().replicaLagMs;
        if (lag !== null) this.set(lag / 1000);
      },
    });
    new Gauge({
      name: 'wraparound_db_pool_connections',
      help: 'Database connections by state (embedded database: one connection)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = opts.db.stats();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) errors.inc({ route });
    });
    app.get('/metrics', { config: { access: { kind: 'public' } } }, async (request, reply) => {
      if (opts.token) {
        const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!safeEqual(sent, opts.token)) return reply.code(401).send('unauthorised\n');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
