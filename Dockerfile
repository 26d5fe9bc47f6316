# onnxocr-server: multi-stage build on Debian 13 (trixie).
#
#   docker build -t onnxocr-server .                  # runtime image (default, last stage)
#   docker build --target test -t onnxocr-server:test .  # build + run the test suite
#   docker build --target deps -t onnxocr-server:deps .  # toolchain for scripts/dev.sh
#
# Works unchanged with podman/buildah (see scripts/*.sh).

# Fully qualified so podman needs no short-name resolution.
ARG DEBIAN_IMAGE=docker.io/library/debian:trixie-slim

# ---------------------------------------------------------------------------
# deps: compiler, CMake/Ninja and all -dev packages. No sources, so this layer
# stays cached until the package list changes. libjsoncpp-dev and uuid-dev are
# needed by <drogon/drogon.h> and DrogonConfig.cmake but libdrogon-dev in
# trixie does not depend on them. python3 runs tests/cli/cli_test.sh and, with
# pytest and requests, the HTTP e2e suite; poppler-utils rasterises PDFs;
# cairo writes searchable PDFs (with the DejaVu and Droid Sans Fallback fonts
# for their invisible text), qpdf lays their text under a PDF's own pages;
# clang with libFuzzer builds tests/fuzz (scripts/dev.sh, .ci/run).
FROM ${DEBIAN_IMAGE} AS deps
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        build-essential cmake ninja-build pkg-config ca-certificates \
        libonnxruntime-dev \
        libopencv-dev \
        libjpeg62-turbo-dev libpng-dev libwebp-dev libtiff-dev \
        libpolyclipping-dev libsimdjson-dev libcli11-dev libspdlog-dev \
        libgtest-dev libbenchmark-dev libhwloc-dev libdrogon-dev libssl-dev prometheus-cpp-dev \
        libjsoncpp-dev uuid-dev libsqlite3-dev \
        python3 python3-pytest python3-requests poppler-utils \
        libcairo2-dev qpdf fonts-dejavu-core fonts-droid-fallback \
        clang libclang-rt-19-dev \
        python3-pip \
 && rm -rf /var/lib/apt/lists/*
# OpenVINO's C++ SDK from its PyPI wheel, fetched by name and version and
# checked against its sha256 by scripts/openvino-sdk.sh (which pins both).
# PIP_CERT: a CA bundle that scripts/build-opts.sh mounts for the build on
# hosts behind a TLS-intercepting proxy (not kept in the image).
ARG PIP_CERT=
ARG PIP_INDEX_URL=
COPY scripts/openvino-sdk.sh /usr/local/bin/openvino-sdk.sh
RUN openvino-sdk.sh /opt/openvino-sdk
ENV OpenVINO_DIR=/opt/openvino-sdk/openvino/cmake
WORKDIR /src

# ---------------------------------------------------------------------------
# build: configure the release preset and compile the server binary only (the
# runtime image does not wait for tests and benchmarks). .dockerignore
# whitelists the build inputs (CMake files, cmake/, src/, tests/, models/,
# bench/, tools/, LICENSE).
FROM deps AS build
COPY . /src
# BUILD_JOBS: limit parallel compile jobs on memory-starved hosts (default: all cores).
ARG BUILD_JOBS=
RUN cmake --preset release \
 && cmake --build --preset release --target onnxocr-server ${BUILD_JOBS:+--parallel ${BUILD_JOBS}} \
 && cmake --install build/release --prefix /out --strip

# ---------------------------------------------------------------------------
# test: `docker build --target test .` succeeds only if the whole suite passes.
FROM build AS test
ARG BUILD_JOBS=
RUN cmake --build --preset release ${BUILD_JOBS:+--parallel ${BUILD_JOBS}}
RUN bash -o pipefail -c 'ctest --preset release --output-on-failure 2>&1 | tee build/release/ctest.log'

# ---------------------------------------------------------------------------
# runtime (default target): shared libraries only, no compilers or headers.
FROM ${DEBIAN_IMAGE} AS runtime
ARG DEBIAN_FRONTEND=noninteractive
# Runtime libraries of the packages the build links against (checked with ldd
# below), plus poppler-utils (pdftoppm) for PDF input, qpdf and the fonts of
# searchable PDFs.
# libopencv-core410 depends on libglx0, which drags in Mesa and LLVM (~200 MB)
# that OCR never loads; they are purged in the same layer. Consequence for
# derived images: dpkg sees libglx0's dependency as unmet, so a later
# `apt-get install` must reinstall them (`apt-get install -f`) first.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libonnxruntime1.21 \
        libopencv-core410 libopencv-imgproc410 \
        libjpeg62-turbo libpng16-16t64 libwebp7 libwebpdemux2 libwebpmux3 libtiff6 \
        libpolyclipping22 libsimdjson25 libspdlog1.15 libfmt10 \
        libdrogon1t64 libtrantor1 libhwloc15 libssl3t64 libprometheus-cpp-core1.0 libsqlite3-0 \
        poppler-utils \
        libcairo2 qpdf fonts-dejavu-core fonts-droid-fallback \
 && dpkg --purge --force-depends libglx-mesa0 mesa-libgallium libllvm19 libz3-4 libgbm1 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log
RUN groupadd --gid 10001 onnxocr \
 && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin onnxocr \
 && install -d -o onnxocr -g onnxocr -m 0750 /var/lib/onnxocr/jobs
# OpenVINO: only what the CPU path loads (the runtime, its CPU plugin, the
# ONNX frontend and TBB: 88 MB of the wheel's 162 MB), found through ldconfig;
# the runtime finds its plugin and frontend beside libopenvino.
COPY --from=build /opt/openvino-sdk/openvino/libs/libopenvino.so.* \
     /opt/openvino-sdk/openvino/libs/libopenvino_intel_cpu_plugin.so \
     /opt/openvino-sdk/openvino/libs/libopenvino_onnx_frontend.so.* \
     /opt/openvino-sdk/openvino/libs/libtbb.so.12 /opt/openvino/lib/
RUN echo /opt/openvino/lib > /etc/ld.so.conf.d/openvino.conf && ldconfig
COPY --from=build /out/bin/onnxocr-server /usr/local/bin/onnxocr-server
COPY --from=build /src/models /opt/onnxocr/models
COPY --from=build /src/LICENSE /usr/share/doc/onnxocr-server/LICENSE
# Fail the image build if a shared library is missing.
RUN if ldd /usr/local/bin/onnxocr-server | grep 'not found'; then exit 1; fi
# Everything the server writes (Drogon's spooled request bodies, PDFs handed
# to pdftoppm) goes to ONNXOCR_UPLOAD_DIR, so the image runs with a read-only
# root filesystem and a tmpfs on /tmp (`--read-only --tmpfs /tmp`).
# Asynchronous jobs (/jobs) live in ONNXOCR_JOBS_DIR, a volume: mount one there
# (compose and Kubernetes do) so that accepted jobs outlive the container;
# without one, the engine gives the container an anonymous volume. fontconfig
# (the searchable PDF's fonts) keeps its cache under XDG_CACHE_HOME, writable.
ENV ONNXOCR_MODELS_DIR=/opt/onnxocr/models \
    ONNXOCR_UPLOAD_DIR=/tmp \
    ONNXOCR_JOBS_DIR=/var/lib/onnxocr/jobs \
    XDG_CACHE_HOME=/tmp/.cache
VOLUME ["/var/lib/onnxocr/jobs"]
LABEL org.opencontainers.image.title="onnxocr-server" \
      org.opencontainers.image.description="PaddleOCR PP-OCR models on OpenVINO or ONNX Runtime, C++ server" \
      org.opencontainers.image.licenses="Apache-2.0"
USER onnxocr:onnxocr
WORKDIR /tmp
EXPOSE 5005
# SIGTERM drains: /ready turns 503, in-flight requests finish (--drain-timeout,
# default 30 s), exit 0. Give `docker stop -t` / terminationGracePeriodSeconds more.
STOPSIGNAL SIGTERM
# No curl in the image: bash's /dev/tcp speaks just enough HTTP. Healthy means
# ready (models loaded, not draining). Podman keeps HEALTHCHECK only in docker
# format images (`podman build --format docker`, or BUILDAH_FORMAT=docker).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5005 && printf 'GET /ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["onnxocr-server"]
CMD ["serve"]
