import type { KeyEnvironment, Provider } from '../../contracts/providers';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';

export type IncidentStatus = 'open' | 'resolved' | 'cancelled';

export interface IncidentView {
  id: string;
  workflowId: string;
  provider: Provider;
  environment: KeyEnvironment;
  compromisedKeyId: string | null;
  replacementKeyId: string | null;
  status: IncidentStatus;
  currentStep: string;
  openedBySlackId: string;
  threadChannel: string | null;
  threadTs: string | null;
  openedAt: Date;
  containedAt: Date | null;
  closedAt: Date | null;
  closedBySlackId: string | null;
}

const incidentSelect = {
  id: true, workflowId: true, provider: true, environment: true, compromisedKeyId: true, replacementKeyId: true,
  status: true, currentStep: true, openedBySlackId: true, threadChannel: true, threadTs: true, openedAt: true,
  containedAt: true, closedAt: true, closedBySlackId: true,
} as const satisfies Prisma.IncidentSelect;

export type IncidentRepository = ReturnType<typeof createIncidentRepository>;

/** Key-leak incidents. The runbook workflow is the authority on progress; these rows are what people and queries read. */
export function createIncidentRepository(db: Db) {
  return {
    /** Idempotent on the incident id: a retried activity gets the row its first attempt created. */
    async open(input: { id: string; workflowId: string; provider: Provider; environment: KeyEnvironment; openedBySlackId: string; now: Date }): Promise<IncidentView> {
      return db.incident.upsert({
        where: { id: input.id },
        create: {
          id: input.id,
          workflowId: input.workflowId,
          provider: input.provider,
          environment: input.environment,
          openedBySlackId: input.openedBySlackId,
          currentStep: 'contain',
          openedAt: input.now,
        },
        update: {},
        select: incidentSelect,
      });
    },

    async get(id: string): Promise<IncidentView | null> {
      return db.incident.findUnique({ where: { id }, select: incidentSelect });
    },

    async listOpen(): Promise<IncidentView[]> {
      return db.incident.findMany({ where: { status: 'open' }, select: incidentSelect, orderBy: { openedAt: 'desc' } });
    },

    /** Progress fields only; a closed incident is never reopened by a late update. */
    async update(
      id: string,
      data: Partial<Pick<IncidentView, 'compromisedKeyId' | 'replacementKeyId' | 'currentStep' | 'threadChannel' | 'threadTs' | 'containedAt'>>,
    ): Promise<void> {
      await db.incident.updateMany({ where: { id, status: 'open' }, data });
    },

    /** Idempotent: the first close wins. */
    async close(id: string, c: { status: 'resolved' | 'cancelled'; bySlackId: string; now: Date }): Promise<IncidentView | null> {
      await db.incident.updateMany({
        where: { id, status: 'open' },
        data: { status: c.status, closedAt: c.now, closedBySlackId: c.bySlackId, currentStep: c.status === 'resolved' ? 'closed' : 'cancelled' },
      });
      return db.incident.findUnique({ where: { id }, select: incidentSelect });
    },
  };
}
