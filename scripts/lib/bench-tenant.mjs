// One tenant per bench scenario, with its request budget (rate_limits.tenant) raised out of reach
// but on: the benches measure what the machine does, which a budget sized for a tenant's everyday
// traffic would cap, while every create still pays for the budget's check as a tenant's does.
export async function benchTenant(stack, name) {
  const t = await stack.api('/v1/tenants', { method: 'POST', key: stack.rootKey, body: { name, app_origin: 'http://localhost:4000' } });
  if (t.status !== 201) throw new Error(`tenant: ${t.status} ${JSON.stringify(t.body)}`);
  const p = await stack.api('/v1/policy', { method: 'PATCH', key: t.body.api_key, body: { rate_limits: { tenant: { points: 1_000_000, window_seconds: 60 } } } });
  if (p.status !== 200) throw new Error(`policy: ${p.status} ${JSON.stringify(p.body)}`);
  return { id: t.body.id, key: t.body.api_key };
}
