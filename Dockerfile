# Ảnh Docker của bảng điều khiển khối thi đua / container image of the dashboard.
#
#   docker build -t khoi-thi-dua .
#   docker run -d --name khoi-thi-dua -p 3000:3000 -v khoi-thi-dua-data:/data \
#     --stop-timeout 30 --restart unless-stopped khoi-thi-dua
#
# Cơ sở dữ liệu và bản sao lưu nằm trong volume /data. --stop-timeout lớn hơn SHUTDOWN_TIMEOUT
# (mặc định 15 giây): Docker chỉ chờ 10 giây trước khi SIGKILL.
# The database and its backups live in the /data volume. Give --stop-timeout more than
# SHUTDOWN_TIMEOUT (default 15 s): Docker waits only 10 s before SIGKILL.
#
# npm install, không phải npm ci: xem README / not npm ci: see the README.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# Một máy chủ thật: không nạp tỉnh mẫu (thử với -e SEED_SAMPLE=1) / a real server: no sample.
ENV NODE_ENV=production DATABASE_PATH=/data/khoi-thi-dua.duckdb BACKUP_DIR=/data/backups SEED_SAMPLE=0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# Tỉnh mẫu, nạp vào cơ sở dữ liệu trống khi SEED_SAMPLE=1 / the sample, with SEED_SAMPLE=1.
COPY --from=build /app/data/sample ./data/sample
# Người dùng node (uid 1000) của ảnh gốc; /data thuộc người đó / the base image's non-root user.
RUN mkdir -p /data/backups && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
	CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "build/start.js"]
