import type { KeyEnvironment, Provider } from './providers';

// Ids derive from the Slack request, so a retried delivery or a double click finds the same workflow.
export const workflowIds = {
  addKey: (teamId: string, viewId: string) => `key-add:${teamId}:${viewId}`,
  rotateKey: (teamId: string, viewId: string) => `key-rotate:${teamId}:${viewId}`,
  revokeKey: (provider: Provider, environment: KeyEnvironment, confirmationTs: string) =>
    `key-revoke:${provider}:${environment}:${confirmationTs}`,
  retireKey: (keyId: string) => `key-retire:${keyId}`,
  providerPolicy: (provider: Provider, triggerId: string) => `provider-policy:${provider}:${triggerId}`,
};

export function temporalRunUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
