# One image for the worker, the bot and the key API; docker-compose.yml chooses the parts per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/app/scripts/prisma-engine-stub.sh npx prisma generate
USER node
# Through the same script as npm start, so the container gets the same heap cap (WARDEN_MAX_HEAP_MB).
ENTRYPOINT ["sh", "scripts/run-warden.sh"]
