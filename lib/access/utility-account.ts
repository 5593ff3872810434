// Mailbox names that usually belong to a team or a machine rather than one person.
const SHARED_MAILBOX = /^(admin|administrator|team|shared|service|svc|bot|noreply|no-reply|ops|support|info|it|devops|platform|test|qa|billing)([-._+].*)?$/i;

/** Named users only: an address like team@ or svc-ingest@ is flagged as a finding for a human to resolve. */
export function looksLikeUtilityAccount(email: string): boolean {
  const local = email.split('@')[0] ?? '';
  return SHARED_MAILBOX.test(local);
}
