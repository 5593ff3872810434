import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { agentFields, agentName } from '../lib/agents/agent-shape';
import { byokCsv, type ByokReport } from '../lib/agents/byok-report';
import type { AgentRegistrar } from '../lib/agents/register-agent';
import { KEY_ENVIRONMENTS, type KeyEnvironment } from '../lib/contracts';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { ApiKeyAuth } from './api-key-auth';
import { sendError, sendJson } from './http-errors';
import { issues, readJsonBody } from './read-json-body';
import type { FallbackHandler } from './server';

const AGENT_PATH = /^\/v1\/agents\/([^/]+)$/;

/**
 * PUT /v1/agents/{name} with an API key scoped to agent_registry for that agent and environment: the platform
 * keeps the registry current as it deploys agents. The body is the whole agent (environment, ownerTeam, uses,
 * keyPolicies, teamContact); the answer is the record as stored, with its settled key policies.
 */
export function createPutAgentHandler(d: { registerAgent: AgentRegistrar; authorize: ApiKeyAuth; logger: Logger }): FallbackHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://warden.internal');
    const match = AGENT_PATH.exec(url.pathname);
    if (!match || url.pathname === '/v1/agents/byok.csv') return false;
    if (req.method !== 'PUT') {
      sendJson(res, 405, { error: 'method_not_allowed', message: `${req.method} ${url.pathname} is not served here; agents are registered with PUT.` });
      return true;
    }
    const reference = randomUUID().slice(0, 8);
    try {
      let name: string;
      try {
        name = decodeURIComponent(match[1]!);
      } catch {
        throw new WardenError(ERROR_CODES.invalidInput, 'The agent name in the path is not valid URL encoding.');
      }
      const raw = (await readJsonBody(req)) as { environment?: unknown } | null;
      const environment = KEY_ENVIRONMENTS.find((e) => e === raw?.environment) as KeyEnvironment | undefined;
      const caller = await d.authorize(req, url, {
        action: 'agent.registered',
        target: `${name}/${environment ?? '?'}`,
        need: { action: 'agent_registry', agent: name, ...(environment ? { environment } : {}) },
      });
      const validName = agentName.safeParse(name);
      if (!validName.success) throw new WardenError(ERROR_CODES.invalidInput, issues(validName.error));
      const parsed = agentFields.safeParse(raw);
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, issues(parsed.error));
      const requestId = String(req.headers['idempotency-key'] ?? randomUUID()).slice(0, 100);
      const saved = await d.registerAgent({ name, fields: parsed.data, actor: caller.actor, via: 'api', idempotencyKey: `agent-put:${caller.prefix}:${requestId}`, requestId });
      sendJson(res, saved.created ? 201 : 200, saved);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Agent registration failed', { reference, err });
      sendError(res, err, reference);
    }
    return true;
  };
}

/** GET /v1/agents/byok.csv[?environment=]: the `/warden agents byok` answer as CSV, for an API key scoped to agent_registry. */
export function createByokCsvRoute(d: { byokReport: ByokReport; authorize: ApiKeyAuth; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const given = url.searchParams.get('environment');
      const environment = KEY_ENVIRONMENTS.find((e) => e === given);
      if (given && !environment) throw new WardenError(ERROR_CODES.invalidInput, `environment must be one of ${KEY_ENVIRONMENTS.join(', ')}`);
      const caller = await d.authorize(req, url, { action: 'agent.byok_report', target: environment ?? 'all', need: { action: 'agent_registry', ...(environment ? { environment } : {}) } });
      // Without an environment, the key sees the environments it is scoped to, and no others.
      const rows = (await d.byokReport(environment ? { environment } : {})).filter((r) => caller.scopes.environments.includes(r.environment));
      const csv = byokCsv(rows);
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="agents-byok.csv"', 'Cache-Control': 'no-store' });
      res.end(csv);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('BYOK report failed', { reference, err });
      sendError(res, err, reference);
    }
  };
}
