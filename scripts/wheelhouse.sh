#!/bin/sh
# Fill wheels/ with every wheel the Docker image installs, so that the image builds
# with no network at all:
#
#   scripts/wheelhouse.sh
#   docker build --network none -t summarizer .
#
# The wheels are the pinned requirements of both install steps of the Dockerfile
# (`scripts/install.sh` and `scripts/install.sh --core`), resolved and, for the few
# published only as source, built here, plus setuptools to build the package itself.
# They fit this machine's platform and Python: run it on the image's architecture
# with the image's Python (3.11 for the default base; PYTHON selects the interpreter).
# When wheels/ already holds the wheels of today's requirements (its requirements.txt,
# written last, lists them) nothing is done; otherwise it is emptied (its README
# stays) and filled again.
#
# TORCH_INDEX_URL   as for scripts/install.sh: an index serving the CPU build of torch
set -eu
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$version" != "3.11" ]; then
    echo "note: $python is Python $version; the default base image has 3.11, whose wheels may differ" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The requirements, read from pyproject.toml: the core, the extras the image's full
# install takes (with the extras they name), and the build backend. Reading them
# keeps the package itself out of it: the image builds its own wheel from source.
"$python" - "$work/requirements.txt" <<'PY'
import re
import sys
import tomllib

with open("pyproject.toml", "rb") as file:
    pyproject = tomllib.load(file)
project = pyproject["project"]
extras = project["optional-dependencies"]
wanted, todo = [], ["prepare", "eval"]
while todo:
    extra = todo.pop()
    if extra in wanted:
        continue
    wanted.append(extra)
    for requirement in extras[extra]:
        own = re.fullmatch(re.escape(project["name"]) + r"\[([\w,\s-]+)\]", requirement)
        if own:
            todo.extend(name.strip() for name in own.group(1).split(","))
requirements = list(project["dependencies"]) + list(pyproject["build-system"]["requires"])
requirements += [r for e in wanted for r in extras[e] if not r.startswith(project["name"] + "[")]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("\n".join(requirements) + "\n")
PY
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    echo "# torch from $TORCH_INDEX_URL" >>"$work/requirements.txt"
fi
if cmp -s "$work/requirements.txt" wheels/requirements.txt; then
    echo "wheels/ is up to date" >&2
    exit 0
fi

"$python" -m venv "$work/venv"
pip="$work/venv/bin/python -m pip"
mkdir -p wheels
find wheels -mindepth 1 ! -name README.md -exec rm -rf {} +
quiet="--quiet --disable-pip-version-check"
# torch first and pinned, as scripts/install.sh installs it: never a CUDA build.
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    $pip wheel $quiet -w wheels "torch==2.13.0" --index-url "$TORCH_INDEX_URL"
else
    $pip wheel $quiet -w wheels "torch==2.13.0"
fi
$pip wheel $quiet -w wheels --find-links wheels -r "$work/requirements.txt"
cp "$work/requirements.txt" wheels/requirements.txt
count="$(find wheels -name '*.whl' | wc -l)"
echo "wheels/: $count wheels, $(du -sh wheels | cut -f1)" >&2
