-- The sample LLM platform whose personal data Warden governs (issue 10). It is not Warden's own schema:
-- it lives in the `platform` schema, is never part of prisma/migrations (so the drift check does not see
-- it), and every statement is idempotent because Warden applies this file at each start when the data
-- map's platform source is marked `sample: true` (lib/data-rights/sample-platform.ts).
CREATE SCHEMA IF NOT EXISTS platform;

-- Assistants built on the platform, owned by an employee (a Slack user).
CREATE TABLE IF NOT EXISTS platform.agents (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  model          text NOT NULL,
  owner_slack_id text,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The people who talk to the agents. One row per end user links their identifiers together.
CREATE TABLE IF NOT EXISTS platform.end_user_contacts (
  id           text PRIMARY KEY,
  end_user_id  text NOT NULL UNIQUE,
  email        text,
  display_name text,
  phone        text,
  country      text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS end_user_contacts_email ON platform.end_user_contacts (email);

CREATE TABLE IF NOT EXISTS platform.conversations (
  id              text PRIMARY KEY,
  agent_id        text NOT NULL REFERENCES platform.agents (id),
  end_user_id     text,
  title           text,
  started_at      timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_end_user_id ON platform.conversations (end_user_id);
CREATE INDEX IF NOT EXISTS conversations_last_message_at ON platform.conversations (last_message_at);

-- Transcript lines. The end user's own lines carry their id and email; the agent's replies carry neither
-- and belong to the subject through their conversation.
CREATE TABLE IF NOT EXISTS platform.messages (
  id              bigint PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES platform.conversations (id),
  role            text NOT NULL CHECK (role IN ('user', 'agent')),
  end_user_id     text,
  email           text,
  text            text NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation_id ON platform.messages (conversation_id);
CREATE INDEX IF NOT EXISTS messages_end_user_id ON platform.messages (end_user_id);
CREATE INDEX IF NOT EXISTS messages_email ON platform.messages (email);
CREATE INDEX IF NOT EXISTS messages_created_at ON platform.messages (created_at);

-- Documents uploaded into agents' knowledge bases, by an employee or an end user.
CREATE TABLE IF NOT EXISTS platform.knowledge_documents (
  id                   text PRIMARY KEY,
  agent_id             text NOT NULL REFERENCES platform.agents (id),
  title                text NOT NULL,
  uploaded_by_email    text,
  uploaded_by_slack_id text,
  storage_path         text NOT NULL,
  bytes                integer NOT NULL,
  created_at           timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS knowledge_documents_uploaded_by_email ON platform.knowledge_documents (uploaded_by_email);
CREATE INDEX IF NOT EXISTS knowledge_documents_uploaded_by_slack_id ON platform.knowledge_documents (uploaded_by_slack_id);
