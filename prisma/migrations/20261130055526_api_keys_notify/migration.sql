-- Hand-written: Prisma does not model triggers or functions, so schema.prisma does not change with it.
--
-- Every change that decides whether an API key works (created, revoked, rotated, re-scoped, re-hashed) notifies
-- `warden_api_keys`. The key API answers verification from memory and drops its copy when notified. Recording
-- when a key was last used does not notify: that column is written in batches and changes no answer.

CREATE FUNCTION "api_keys_notify"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warden_api_keys', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "api_keys_changed"
  AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF "key_hash", "hash_version", "scopes", "expires_at", "revoked_at", "overlap_ends_at", "owner_slack_id"
  ON "api_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "api_keys_notify"();
