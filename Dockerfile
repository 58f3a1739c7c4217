# Production image: builds dist/ (TypeScript, the bundled server, and the GraphiQL and dashboard bundles) in a build stage, runs as an unprivileged user.
# Node 24 LTS; the app supports Node 22 and 24 (package.json "engines").
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# --max-semi-space-size=16: Node 20's young generation on Node 22/24 too, whose larger default held ~100 MB more under
# load for no throughput (BENCHMARKS.md, "The bundled start"); the same command as npm start (test/start.spec.ts).
CMD ["node", "--max-semi-space-size=16", "dist/src/start.js"]
