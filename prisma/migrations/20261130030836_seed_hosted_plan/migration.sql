-- Hand-written: Prisma does not model what follows, so schema.prisma does not change with it.
-- The standard hosted plan: 500 images described and 300 minutes of media transcribed a month, per org.
-- An org's own limits start as a copy of these (hosted_quotas) and admins raise them with /warden usage limit.
INSERT INTO "hosted_plan_limits" ("plan", "feature", "monthly_limit") VALUES
  ('standard', 'image_recognition', 500),
  ('standard', 'media_transcription', 300)
ON CONFLICT DO NOTHING;
