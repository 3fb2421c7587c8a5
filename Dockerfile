# One image for every part of Vision Stays (docs: DESIGN.md "One binary, many roles").
# The binary is built on the host and copied in (`cargo build --release -p server`), so the
# image builds without a Rust toolchain image; BASE_IMAGE may name a local Debian base where no
# registry is reachable.
ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BASE_IMAGE} AS base
# OCI Functions runs containers as fn (UID/GID 1000) with no capabilities; the services run
# as the same unprivileged user.
RUN groupadd --gid 1000 fn \
 && useradd --uid 1000 --gid fn --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fn
COPY --chmod=0755 target/release/vision-stays /usr/local/bin/vision-stays
ENV VS_LOG_FORMAT=json
USER 1000:1000

# `vision-stays function <name>` (or VS_FUNCTION=<name>): an OCI Function on Fn's
# http-stream contract; each function's folder in deploy/oci/functions builds FROM this.
FROM base AS function
ENTRYPOINT ["/usr/local/bin/vision-stays", "function"]
