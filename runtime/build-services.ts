import type { KeyWorkflowSettings } from '../lib/contracts';
import type { WardenConfig } from '../lib/config';
import { createActorAssertions, createKeyFingerprinter, createKmsFromConfig, createSecretSealer } from '../lib/crypto';
import {
  createAuditLog,
  createBreakGlassRepository,
  createMemberRepository,
  createPrismaClient,
  createProviderKeyRepository,
  createProviderPolicyRepository,
  createSealedSecretRepository,
  createSlackPostLedger,
} from '../lib/db';
import { createKeyResolver } from '../lib/keys/resolve-key';
import { upgradeKeyFingerprints } from '../lib/keys/upgrade-key-fingerprints';
import type { Logger } from '../lib/log';
import { createGuardedFetch } from '../lib/net';
import { createProviderKeyChecker } from '../lib/providers';
import { createSlackPoster, createSlackWebClient } from '../lib/slack/slack-poster';
import { createUnconfiguredSlackPoster } from '../lib/slack/unconfigured-slack-poster';
import { createWardenPayloadCodec } from '../lib/temporal/warden-data-converter';
import { createDataConverter } from '../lib/temporal/data-converter';
import { buildAccessServices } from './access-services';
import { buildOnCallServices } from './oncall-services';
import { buildIngestionServices } from './ingestion-services';
import { buildDsarServices } from './dsar-services';
import { buildDataRightsServices } from './data-rights-services';
import { buildAgentServices } from './agent-services';

/** Every long-lived dependency, built once from config and shared by the worker, the bot and the key API. */
export async function buildServices(config: WardenConfig, logger: Logger, clock: () => Date = () => new Date()) {
  const prisma = createPrismaClient(config.databaseUrl);
  const { kms, versions } = createKmsFromConfig(config.masterKeys);
  const codec = await createWardenPayloadCodec(kms, versions);
  const repos = {
    keys: createProviderKeyRepository(prisma),
    sealedSecrets: createSealedSecretRepository(prisma),
    policies: createProviderPolicyRepository(prisma),
    members: createMemberRepository(prisma),
    audit: createAuditLog(prisma),
    breakGlass: createBreakGlassRepository(prisma),
    slackPosts: createSlackPostLedger(prisma),
  };
  const sealer = createSecretSealer(kms);
  // Data-subject requests use the data map's connections, holds and pseudonym key built here.
  const dataRightsParts = await buildDataRightsServices(config, prisma, { kms, sealer, sealedSecrets: repos.sealedSecrets });
  // One guarded fetch for every call to a base URL a person gave (key check, health sweep, test chat).
  const allowedPrivateHosts = config.outbound.allowedPrivateHosts;
  const personUrlFetch = createGuardedFetch({ allowedHosts: allowedPrivateHosts });
  // Keyed under the current master key; older configured versions stay checkable until keys are re-fingerprinted.
  const fingerprints = await createKeyFingerprinter(kms, versions);
  const agentServices = await buildAgentServices(config, prisma, kms, versions);
  const keySettings: KeyWorkflowSettings = {
    gracePeriodMs: config.keys.gracePeriodMs,
    // One attempt may take the provider timeout plus decryption and database time.
    providerRetry: { ...config.providers.retry, attemptMs: config.providers.timeoutMs + 5_000 },
    adminChannel: config.slack?.adminChannel ?? '',
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
  };
  return {
    prisma,
    kms,
    codec,
    dataConverter: createDataConverter(codec),
    ...repos,
    sealer,
    actorAssertions: createActorAssertions(kms, { maxAgeMs: config.actorAssertionMaxAgeMs }),
    fingerprints,
    keySettings,
    clock,
    logger,
    allowedPrivateHosts,
    personUrlFetch,
    checker: createProviderKeyChecker({ endpoints: config.providers.endpoints, timeoutMs: config.providers.timeoutMs, personUrlFetch }),
    slack: config.slack
      ? createSlackPoster(createSlackWebClient(config.slack.botToken, config.slack.apiUrl))
      : createUnconfiguredSlackPoster(config.slackProblems),
    resolveKey: createKeyResolver({ ...repos, sealer, fingerprints, logger, hostedKeys: config.providers.hostedKeys, agents: agentServices.agents }),
    ...buildAccessServices(config, prisma),
    ...buildOnCallServices(config, prisma, personUrlFetch),
    ...buildIngestionServices(config, prisma, personUrlFetch),
    ...dataRightsParts,
    ...buildDsarServices(config, prisma, kms, repos.audit, dataRightsParts.dataRights),
    ...agentServices,
    /** Re-fingerprints keys still on a legacy fingerprint or an older master key (lib/keys/upgrade-key-fingerprints). */
    upgradeKeyFingerprints: () => upgradeKeyFingerprints({ ...repos, sealer, fingerprints, logger }),
    async ensureBootstrapAdmins() {
      for (const admin of config.bootstrapAdmins) {
        await repos.members.ensureBootstrapAdmin({ slackUserId: admin.slackUserId, email: admin.email, displayName: admin.email.split('@')[0] ?? admin.email });
      }
    },
  };
}

export type WardenServices = Awaited<ReturnType<typeof buildServices>>;
