import path from 'node:path';
import { z } from 'zod';
import { DataMapError, loadDataMap, REDACTION_TYPES, sourceUrl, type DataMap, type RedactionType } from '../data-rights';
import { duration } from './env-types';

// Data-rights variables (issue 10), kept apart from env-schema.ts so that file only spreads them in.

const DEFAULT_DATA_MAP = path.resolve(__dirname, '../../config/data-map.yaml');

export const dataRightsEnvSchema = {
  /** The data map: where subjects' records live and what erasure and retention do to them. */
  WARDEN_DATA_MAP: z.string().trim().min(1).default(DEFAULT_DATA_MAP),
  /** How often the retention schedule runs. */
  WARDEN_RETENTION_INTERVAL: duration('24h').refine((ms) => ms >= 1_000, 'must be at least 1s'),
  /** Where retention runs post what they purged (default: the admin channel). */
  WARDEN_RETENTION_CHANNEL: z.string().trim().regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id (e.g. C012ABCDEF)').optional(),
  /**
   * How long a sealed secret nothing claimed is kept before a retention run deletes it: a key typed into a form
   * whose workflow never stored it, the address of a data-subject request that never opened.
   */
  WARDEN_RETENTION_UNCLAIMED_SECRETS: duration('24h'),
  /** Rows deleted or anonymised per statement, so no retention transaction grows without bound. */
  WARDEN_RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** The largest body POST /v1/redact accepts. */
  WARDEN_REDACT_MAX_KB: z.coerce.number().int().min(1).max(10_240).default(512),
  /**
   * Which redaction detectors are on, per organisation: `T0ORG1=email,phone;*=all`. '*' is everyone not
   * named; unset, every detector is on for everyone.
   */
  WARDEN_REDACT_POLICY: z
    .string()
    .default('*=all')
    .transform((value, ctx) => {
      const policy: Record<string, readonly RedactionType[]> = {};
      for (const entry of value.split(';').map((e) => e.trim()).filter(Boolean)) {
        const [org, list = ''] = entry.split('=').map((p) => p.trim());
        const names = list.split(',').map((n) => n.trim()).filter(Boolean);
        const unknown = names.filter((n) => n !== 'all' && n !== 'none' && !(REDACTION_TYPES as readonly string[]).includes(n));
        if (!org || unknown.length) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not ORG=detector,… (detectors: ${REDACTION_TYPES.join(', ')}, all, none)` });
          continue;
        }
        policy[org] = names.includes('all') ? REDACTION_TYPES : (names.filter((n) => n !== 'none') as RedactionType[]);
      }
      return policy;
    }),
};

type DataRightsEnv = z.output<z.ZodObject<typeof dataRightsEnvSchema>>;

export interface DataRightsConfig {
  dataMap: DataMap;
  /** The variables the data map's sources name, and their values: what openPlatformSources reads. */
  sourceEnv: Record<string, string>;
  retention: { intervalMs: number; batchSize: number; channel?: string; unclaimedSecretsAfterMs: number };
  redact: { maxBodyBytes: number; policy: Readonly<Record<string, readonly RedactionType[]>> };
}

/** Loads the data map named by WARDEN_DATA_MAP; its problems (file, line, field) join the other config problems. */
export function dataRightsConfig(e: DataRightsEnv, env: NodeJS.ProcessEnv): { config?: DataRightsConfig; problems: string[] } {
  try {
    const dataMap = loadDataMap(path.resolve(e.WARDEN_DATA_MAP));
    const sourceEnv: Record<string, string> = {};
    const problems: string[] = [];
    for (const source of Object.values(dataMap.sources)) {
      try {
        sourceUrl(dataMap, source.name, env);
      } catch (err) {
        problems.push((err as Error).message);
      }
      for (const name of [source.urlEnv, source.fallbackUrlEnv]) if (name && env[name]) sourceEnv[name] = env[name]!;
    }
    if (problems.length) return { problems };
    return {
      problems: [],
      config: {
        dataMap,
        sourceEnv,
        retention: {
          intervalMs: e.WARDEN_RETENTION_INTERVAL,
          batchSize: e.WARDEN_RETENTION_BATCH,
          channel: e.WARDEN_RETENTION_CHANNEL,
          unclaimedSecretsAfterMs: e.WARDEN_RETENTION_UNCLAIMED_SECRETS,
        },
        redact: { maxBodyBytes: e.WARDEN_REDACT_MAX_KB * 1024, policy: { '*': REDACTION_TYPES, ...e.WARDEN_REDACT_POLICY } },
      },
    };
  } catch (err) {
    if (!(err instanceof DataMapError)) throw err;
    return { problems: err.problems.map((p) => `WARDEN_DATA_MAP ${err.file}:${p.line}:${p.column} ${p.field}: ${p.message}`) };
  }
}
