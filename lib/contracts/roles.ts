export const ROLES = ['admin', 'builder', 'analyst', 'support_lead'] as const;
export type Role = (typeof ROLES)[number];
