export const ROLES = ['admin', 'builder', 'analyst', 'support_lead', 'compliance'] as const;
export type Role = (typeof ROLES)[number];
