# syntax=docker/dockerfile:1
#
# nkru in a container.
#
#   docker build -t nkru .
#   HTTP mode:    docker run -p 3000:3000 -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_SIGNING_SECRET=… -v nkru-data:/data nkru
#   Socket Mode:  docker run -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_APP_TOKEN=xapp-… -v nkru-data:/data nkru
#   Own articles: add -v /path/to/articles:/app/corpus:ro
#
# test/container.test.ts checks this recipe without a container engine: it parses this file
# and replays the run stage (its COPYs, its npm ci, its ENV, CMD and HEALTHCHECK) in a
# temporary folder.

# ---- build: all dependencies, compile TypeScript to dist/ ----
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would run the build before the sources are copied; it runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- run: production dependencies only ----
FROM node:24-slim AS run
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" runs tsc, which is a dev dependency and is not installed here. better-sqlite3's
# own install script is then run by itself: it fetches the prebuilt binary for this Node (or builds it).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY corpus ./corpus
COPY scripts/healthcheck.js ./scripts/healthcheck.js
RUN mkdir -p /data && chown node:node /data

# The bundled corpus; mount a folder at /app/corpus (or set CORPUS_DIR) to answer from other articles.
ENV CORPUS_DIR=/app/corpus
# nkru.db (votes, subscriptions, digest records, feeds), added articles and the saved index: keep them with a volume.
# For several replicas, set DATABASE_URL to a PostgreSQL database instead (see compose.yaml).
ENV DATA_DIR=/data
ENV PORT=3000
VOLUME ["/data"]

# The image's own "node" user (uid 1000); the files under /app stay root-owned and read-only to it.
USER node
EXPOSE 3000

# 200 once the index is loaded. In Socket Mode nkru serves /healthz on 127.0.0.1 only, so no port is exposed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.js"]

# nkru handles SIGTERM itself (finishes work under way, exits 0), so node can be PID 1.
CMD ["node", "dist/main.js"]
