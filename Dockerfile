# inject-sidecar as a KRM container function (krm-integration.md §1, §8): the ResourceList on stdin, the
# ResourceList on stdout, messages on stderr, exit 1 on error results; runs as a non-root user (the KRM spec asks
# that it can run as nobody, which is how kpt runs it: docker run --rm -i --network none --user nobody).
#
#   docker build -t inject-sidecar:0.1.0 .
#   kpt fn eval pkg --image inject-sidecar:0.1.0 --fn-config pkg/injector-config.yaml
#   docker run --rm -i inject-sidecar:0.1.0 < resource-list.yaml
#
# test/examples/docker.test.ts recreates the final stage's files and runs its ENTRYPOINT (no Docker engine in CI).

# Build stage: the esbuild bundle with every runtime dependency inside: the entry, the code as a script and V8's
# code cache for it, made here by the same Node as the runtime stage's, so that the cache is accepted there.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: esbuild's binary comes from its optional platform package, which is all the bundler needs.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/bundle.mjs scripts/bundle.mjs
COPY scripts/code-cache.mjs scripts/code-cache.mjs
COPY functions/ functions/
COPY src/ src/
RUN node scripts/bundle.mjs

# Runtime stage: Node and the bundle, nothing else (no npm dependencies to install).
FROM node:20-slim
WORKDIR /app
# The entry, the two files it loads and the package.json that makes it CommonJS (scripts/code-cache.mjs).
COPY --from=build /src/dist/inject-sidecar.js /app/dist/inject-sidecar.js
COPY --from=build /src/dist/inject-sidecar.core.js /app/dist/inject-sidecar.core.js
COPY --from=build /src/dist/inject-sidecar.core.cache /app/dist/inject-sidecar.core.cache
COPY --from=build /src/dist/package.json /app/dist/package.json
# nobody:nogroup, numeric so that Kubernetes' runAsNonRoot can verify it.
USER 65534:65534
ENTRYPOINT ["node", "/app/dist/inject-sidecar.js"]
