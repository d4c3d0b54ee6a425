import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import type { GatewayConfig } from '@sesame/config';
import { isWellFormedApiKey } from '@sesame/crypto';
import { SesameError } from '@sesame/domain';
import type { ExpiringMark } from '@sesame/messaging';
import { counter } from '@sesame/observability';
import { errorBody } from '../error-body';
import { Admission, AdmissionControl, Refusal } from './admission-control';
import { ConcurrencyLimit, FixedLimit, LatencyTargetLimit } from './concurrency-limit';

/** Probes, scrapes and the API document are never refused: an overloaded gateway must still say so. */
const EXEMPT = /^\/(health\/|metrics(\?|$)|docs)/;

/** Above this share of the limit the gateway tells the background workers to yield (ApiPressure). */
const PRESSURE_LOAD = 0.8;

/** Where a request's tenant comes from before it is let in: caches only, never a lookup. */
export interface PrincipalSources {
  peekTenantOfKey(key: string): string | null;
  peekTenantOfSlug(slug: string): string | null;
}

export function concurrencyLimitFrom(config: GatewayConfig): ConcurrencyLimit | null {
  if (config.ADMISSION_MODE === 'off') return null;
  if (config.ADMISSION_MODE === 'fixed') return new FixedLimit(config.ADMISSION_LIMIT);
  return new LatencyTargetLimit({ initial: config.ADMISSION_LIMIT, min: config.ADMISSION_MIN_LIMIT, max: config.ADMISSION_MAX_LIMIT, targetMs: config.ADMISSION_TARGET_MS });
}

/**
 * Admission control as the first hook of every request (before body parsing, authentication or
 * any RPC): a refused request costs a header parse and a small JSON answer, so refusing stays
 * cheap exactly when the gateway has no time to spare. See AdmissionControl for the rules.
 */
export function installAdmission(
  fastify: FastifyInstance,
  config: GatewayConfig,
  principals: PrincipalSources,
  pressure: ExpiringMark,
  registry: Registry,
): AdmissionControl | null {
  const limit = concurrencyLimitFrom(config);
  if (!limit) return null;
  const control = new AdmissionControl(limit, config.ADMISSION_TENANT_SHARE);
  const refused = counter(registry, 'sesame_admission_refused_total', 'Requests refused at the gateway before any work (reason: overloaded = 503, tenant_share = 429)', ['reason']);
  new Gauge({ name: 'sesame_admission_in_flight', help: 'Requests this gateway is working on', registers: [registry], collect() { this.set(control.inFlight); } });
  new Gauge({ name: 'sesame_admission_limit', help: 'Requests this gateway lets in at once (adaptive or fixed)', registers: [registry], collect() { this.set(control.currentLimit); } });

  fastify.addHook('onRequest', (req, reply, done) => {
    if (EXEMPT.test(req.url)) return done();
    const admitted = control.tryAcquire(principalOf(req, principals));
    if (control.load >= PRESSURE_LOAD || typeof admitted === 'string') pressure.renew();
    if (typeof admitted === 'string') {
      refused.inc({ reason: admitted });
      const err = refusalError(admitted);
      void reply.code(err.status).header('retry-after', '1').header('cache-control', 'no-store').send(errorBody(err));
      return;
    }
    // 'close' fires once per response, sent or cut off: the slot cannot leak.
    reply.raw.once('close', () => release(control, admitted, reply.raw.statusCode));
    done();
  });
  return control;
}

function release(control: AdmissionControl, admission: Admission, status: number): void {
  // A 503 from inside means downstream ran out of time or capacity: the limit is too high.
  control.release(admission, status === 503 || status === 504);
}

function refusalError(refusal: Refusal): SesameError {
  return refusal === 'overloaded'
    ? new SesameError('service_unavailable', 'The service is at capacity; retry after the Retry-After delay')
    : new SesameError('rate_limited', "This tenant's share of the service is in use; retry after the Retry-After delay", { retry_after: 1 });
}

/** The tenant a request will act for, if a cache already knows it; null: only the global limit applies. */
function principalOf(req: FastifyRequest, sources: PrincipalSources): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
    const key = auth.slice(7).trim();
    const tenant = isWellFormedApiKey(key) ? sources.peekTenantOfKey(key) : null;
    return tenant ? `t:${tenant}` : null;
  }
  const slug = (req.params as Record<string, string> | undefined)?.tenant_slug;
  if (typeof slug === 'string' && slug) return `t:${sources.peekTenantOfSlug(slug) ?? `slug:${slug}`}`;
  return null;
}
