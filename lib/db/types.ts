// Plain types that callers of lib/db name without touching Prisma.
export type { Role } from './generated/enums';
export type { SealedEnvelope } from '../crypto/envelope';
