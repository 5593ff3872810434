import { ensureTemplateDatabase } from './database';

// Migrates the template database once per run, before any worker starts, so test files only copy it.
export default async function globalSetup(): Promise<void> {
  await ensureTemplateDatabase();
}
