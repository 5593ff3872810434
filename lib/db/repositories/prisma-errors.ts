import { Prisma } from '../generated/client';

/** A unique constraint refused the write: usually a concurrent retry of the same request got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
