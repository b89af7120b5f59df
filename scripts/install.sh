#!/bin/sh
# Set up summarizer in a virtual environment: the one install path, used by the
# README's commands, CI and the Docker image alike.
#
#   scripts/install.sh          every backend, the model preparation and the evaluation
#                               (the core and the prepare and eval extras)
#   scripts/install.sh --test   that plus what the tests need (the test extra, and
#                               the ray extra that `summarizer batch --engine ray` uses)
#   scripts/install.sh --core   the core alone: serves the default OpenVINO backend from
#                               a model prepared elsewhere (the Docker image's runtime
#                               stage); no torch, no preparation
#
# SUMMARIZER_VENV   where the environment goes (default: .venv in the checkout)
# TORCH_INDEX_URL   a package index that serves CPU builds of torch, for machines
#                   whose default index would hand out the CUDA build
set -eu
cd "$(dirname "$0")/.."

extras="prepare,eval"
tests=""
core=""
editable="-e"
for arg in "$@"; do
    case "$arg" in
        --test) tests="test,ray" ;;
        --core) core=1 ;;
        --no-editable) editable="" ;;
        *) echo "usage: scripts/install.sh [--test | --core] [--no-editable]" >&2; exit 2 ;;
    esac
done
if [ -n "$tests" ] && [ -n "$core" ]; then
    echo "scripts/install.sh: --test needs the whole install, not --core" >&2
    exit 2
fi
if [ -n "$tests" ]; then
    extras="$extras,$tests"
fi

venv="${SUMMARIZER_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
pip="$venv/bin/python -m pip"

if [ -n "$core" ]; then
    # shellcheck disable=SC2086
    $pip install --quiet $editable .
    echo "summarizer (core) installed in $venv" >&2
    exit 0
fi
# torch goes first, on its own and pinned: asked for any other way, pip may pick
# the newest CUDA build and several GB of GPU libraries this service never uses.
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    $pip install --quiet "torch==2.13.0" --index-url "$TORCH_INDEX_URL"
else
    $pip install --quiet "torch==2.13.0"
fi
# shellcheck disable=SC2086
$pip install --quiet $editable ".[$extras]"
# The int8 embedding backends run copies of the model exported and quantized here,
# once, into the environment (the Docker image copies the OpenVINO one out of it);
# never at request time. Re-runs reuse them.
"$venv/bin/summarizer" prepare-model
# The browser test (tests/test_browser.py) drives Debian's Chromium with Playwright
# (from the test extra, pointed at /usr/bin/chromium: Playwright's own browser
# download is never used). The container test (tests/test_container.py) builds and
# runs the Docker image with Debian's podman and runc, on a base made by debootstrap.
# Install what is missing when we can.
missing=""
if [ -n "$tests" ]; then
    for tool in chromium podman runc debootstrap; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; }; then
            echo "note: apt-get could not install$missing; the browser or container test will be skipped" >&2
        fi
    else
        echo "note: the browser test needs Debian's chromium, the container test podman, runc and debootstrap (as root: apt-get install$missing); without them those tests are skipped" >&2
    fi
fi
echo "summarizer installed in $venv" >&2
