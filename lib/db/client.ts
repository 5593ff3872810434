import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

/** The database handle every repository factory takes. Only lib/db code uses its Prisma API. */
export type Db = PrismaClient;

/** Prisma 7 reaches PostgreSQL through the pg driver adapter; there is no query-engine binary to ship. */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
