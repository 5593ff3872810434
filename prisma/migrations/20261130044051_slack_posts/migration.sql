-- CreateTable
CREATE TABLE "slack_posts" (
    "idempotency_key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "thread_ts" TEXT,
    "ts" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "posted_at" TIMESTAMP(3),

    CONSTRAINT "slack_posts_pkey" PRIMARY KEY ("idempotency_key")
);

