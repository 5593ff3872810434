// Filled in as the database template lands (lib/db/migrate).
export default async function globalSetup(): Promise<void> {}
