#!/bin/sh
# Set up summarizer in a virtual environment: the one install path, used by the
# README's commands, CI and the Docker image alike.
#
#   scripts/install.sh          runtime only
#   scripts/install.sh --test   runtime plus what the tests need
#
# SUMMARIZER_VENV   where the environment goes (default: .venv in the checkout)
# TORCH_INDEX_URL   a package index that serves CPU builds of torch, for machines
#                   whose default index would hand out the CUDA build
set -eu
cd "$(dirname "$0")/.."

extras=""
editable="-e"
for arg in "$@"; do
    case "$arg" in
        --test) extras="[test]" ;;
        --no-editable) editable="" ;;
        *) echo "usage: scripts/install.sh [--test] [--no-editable]" >&2; exit 2 ;;
    esac
done

venv="${SUMMARIZER_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
pip="$venv/bin/python -m pip"

# torch goes first, on its own and pinned: asked for any other way, pip may pick
# the newest CUDA build and several GB of GPU libraries this service never uses.
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    $pip install --quiet "torch==2.13.0" --index-url "$TORCH_INDEX_URL"
else
    $pip install --quiet "torch==2.13.0"
fi
# shellcheck disable=SC2086
$pip install --quiet $editable ".$extras"
# The int8 embedding backends run copies of the model exported and quantized here,
# once, into the environment (so the Docker image, which copies the environment,
# ships them too); never at request time. Re-runs reuse them.
"$venv/bin/summarizer" prepare-model
# The browser test (tests/test_browser.py) drives Debian's Chromium with Playwright
# (from the test extra, pointed at /usr/bin/chromium: Playwright's own browser
# download is never used). Install the browser when it is missing and we can.
if [ -n "$extras" ] && ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
            echo "note: apt-get could not install chromium; the browser test will be skipped" >&2
        fi
    else
        echo "note: the browser test needs Debian's chromium (as root: apt-get install chromium); without it that test is skipped" >&2
    fi
fi
echo "summarizer installed in $venv" >&2
