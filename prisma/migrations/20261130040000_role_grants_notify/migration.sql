-- Hand-written: Prisma does not model triggers or functions, so schema.prisma does not change with it.
--
-- Every change to role grants (a request approved, revoked or expired, a review settling, a bootstrap admin)
-- notifies `warden_role_grants`, whichever client made it. The bot keeps an in-memory view of who holds which
-- role, for checks that must answer before Slack's 3 s ack; it reloads that view when notified.

CREATE FUNCTION "role_grants_notify"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('warden_role_grants', '');
  RETURN NULL;
END;
$$;

-- Statement-level: one notification per change, however many rows it touched (a review revokes thousands).
CREATE TRIGGER "role_grants_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "role_grants"
  FOR EACH STATEMENT EXECUTE FUNCTION "role_grants_notify"();
