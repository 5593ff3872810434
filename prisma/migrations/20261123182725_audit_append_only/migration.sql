-- Hand-written: Prisma does not model triggers or functions, so schema.prisma does not change with it.
--
-- The audit log is append-only. Its hash chain makes an edited or removed event detectable after the fact;
-- these triggers refuse the change in the first place, whichever client attempts it (Warden, psql, a later
-- migration). A deliberate repair has to be visible: the table owner must first run
-- ALTER TABLE audit_events DISABLE TRIGGER ..., which itself shows in the server log.

CREATE FUNCTION "audit_events_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_events is append-only: TRUNCATE is not allowed'
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Audit events are never removed; the hash chain would report the gap.';
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % of event % is not allowed', TG_OP, OLD.seq
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Append a new event that records the correction instead.';
END;
$$;

-- Row-level, so the error names the event that someone tried to change.
CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_reject_change"();

-- TRUNCATE fires no row triggers, so it needs its own statement-level one.
CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_reject_change"();
