# One image for every part of Vision Stays (DESIGN.md "One binary, many roles"): `serve` with
# any `--role`, and `function <name>` for OCI Functions.
# The binary is built on the host and copied in (`cargo build --release -p server`; the site's
# assets are embedded in it), so the image builds without a Rust toolchain image. BASE_IMAGE may
# name a local Debian base where no registry is reachable.
ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim
#checkov:skip=CKV_DOCKER_7:BASE_IMAGE defaults to debian:bookworm-slim (a release tag); checkov does not resolve ARG

FROM ${BASE_IMAGE} AS base
# The binary to ship, relative to the build context (the test command passes its own build).
ARG BINARY=target/release/vision-stays
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="Vision Stays" \
      org.opencontainers.image.description="Hotel booking platform: site, customers, hotels and bookings services, outbox relay, OCI Functions" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="AGPL-3.0-only"
# OCI Functions runs containers as fn (UID/GID 1000) with no capabilities; the services run as
# the same unprivileged user. /data is the only place written, and only for SQLite.
RUN groupadd --gid 1000 fn \
 && useradd --uid 1000 --gid fn --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fn \
 && mkdir -p /data \
 && chown 1000:1000 /data \
 && chmod 0700 /data
COPY --chmod=0755 ${BINARY} /usr/local/bin/vision-stays
ENV VS_LOG_FORMAT=json \
    VS_DATA_DIR=/data
USER 1000:1000

# `vision-stays function <name>` (or VS_FUNCTION=<name>): an OCI Function on Fn's
# http-stream contract; each function's folder in deploy/oci/functions builds FROM this.
FROM base AS function
ENTRYPOINT ["/usr/local/bin/vision-stays", "function"]

# The default: `vision-stays serve` (all in one; `--role …` or VS_ROLE for one part).
FROM base AS serve
ENV VS_ADDR=0.0.0.0:8080 \
    VS_METRICS_ADDR=0.0.0.0:9464
WORKDIR /data
EXPOSE 8080 9464
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/vision-stays", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/vision-stays"]
CMD ["serve"]
