import type { KeyEnvironment, Provider } from './providers';

// Ids derive from the Slack request, so a retried delivery or a double click finds the same workflow.
export const workflowIds = {
  addKey: (teamId: string, viewId: string) => `key-add:${teamId}:${viewId}`,
  rotateKey: (teamId: string, viewId: string) => `key-rotate:${teamId}:${viewId}`,
  revokeKey: (provider: Provider, environment: KeyEnvironment, confirmationTs: string) =>
    `key-revoke:${provider}:${environment}:${confirmationTs}`,
  retireKey: (keyId: string) => `key-retire:${keyId}`,
  providerPolicy: (provider: Provider, triggerId: string) => `provider-policy:${provider}:${triggerId}`,
  grantRequest: (teamId: string, triggerId: string) => `access-request:${teamId}:${triggerId}`,
  revokeGrant: (memberSlackId: string, role: string, requestId: string) => `access-revoke:${memberSlackId}:${role}:${requestId}`,
  registerMember: (slackUserId: string, triggerId: string) => `member-register:${slackUserId}:${triggerId}`,
  breakGlass: (scope: string, triggerId: string) => `breakglass-on:${scope}:${triggerId}`,
  liftBreakGlass: (scope: string, triggerId: string) => `breakglass-off:${scope}:${triggerId}`,
  membershipReview: (triggerId: string) => `membership-review:manual:${triggerId}`,
  reviewDecision: (itemId: string, actionTs: string) => `review-decision:${itemId}:${actionTs}`,
  keyLeakRunbook: (incidentId: string) => `key-leak:${incidentId}`,
  departedAdminRotation: (slackUserId: string, requestId: string) => `departed-admin-rotate:${slackUserId}:${requestId}`,
  healthSchedule: (taskQueue: string) => `key-health-schedule:${taskQueue}`,
  rotationSchedule: (taskQueue: string) => `key-rotation-schedule:${taskQueue}`,
  ingestFromModal: (teamId: string, viewId: string) => `ingest:${teamId}:${viewId}`,
  /** One ingestion per shared message: a second shortcut on it finds the first. */
  ingestFromMessage: (teamId: string, channelId: string, messageTs: string) => `ingest-msg:${teamId}:${channelId}:${messageTs}`,
  ingestItem: (ingestionId: string, index: number) => `${ingestionId}:item-${index}`,
  setHostedQuota: (feature: string, triggerId: string) => `hosted-quota:${feature}:${triggerId}`,
  dsarRequest: (teamId: string, triggerId: string) => `dsar:${teamId}:${triggerId}`,
  legalHold: (teamId: string, triggerId: string) => `dsar-hold:${teamId}:${triggerId}`,
};

export function temporalRunUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
