# syntax=docker/dockerfile:1
#
# One image for every Sesame process. Pick the process with the container command:
#   node dist/apps/gateway/src/main.js
#   node dist/apps/token-service/src/main.js
#   node dist/apps/mail-worker/src/main.js
#   node dist/apps/scheduler/src/main.js
#   node dist/apps/webhook-dispatcher/src/main.js
#   node scripts/migrate.mjs            (one-shot database migrations)
#
# tini is the ENTRYPOINT so SIGTERM reaches node and zombies are reaped. In Kubernetes set the
# process with `args:` (which replaces CMD); `command:` would replace the ENTRYPOINT as well.

# Node.js 22 LTS. package.json "engines" allows 20.19+, 22 and 24 (CI runs all three, see
# docs/operations.md); for 24: docker build --build-arg NODE_IMAGE=node:24-bookworm-slim .
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- deps: full dependency tree (dev included) for compiling --------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --no-audit --no-fund

# ---- build: TypeScript -> dist/ ------------------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build && rm -f dist/.tsbuildinfo

# ---- prod-deps: runtime dependencies only ----------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund

# ---- runtime ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production
WORKDIR /app

# Files stay owned by root: the `node` user can read but not modify the application.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The gateway builds its OpenAPI `webhooks` section from the event catalogue.
COPY docs/events ./docs/events
COPY scripts ./scripts
COPY package.json ./

LABEL org.opencontainers.image.title="sesame" \
      org.opencontainers.image.description="Self-hosted, multi-tenant magic-link service" \
      org.opencontainers.image.licenses="Apache-2.0"

# uid/gid 1000 in the base image; Kubernetes manifests set runAsUser: 1000 to match.
USER node

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "-e", "console.error('sesame: choose a process, e.g.\\n  node dist/apps/<gateway|token-service|mail-worker|scheduler|webhook-dispatcher>/src/main.js\\n  node scripts/migrate.mjs'); process.exitCode = 64"]
