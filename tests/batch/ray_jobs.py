"""Ray jobs for tests/batch/test_ray.py, run inside a network namespace that holds only loopback.

Ray binds every node to the machine's own interface address when it has one; in a
namespace of its own, with only ``lo``, every node, worker and driver is on 127.0.0.1.
Each mode writes what it saw as JSON to the file named last; the test asserts on it.

    ray_jobs.py local-cluster IN.jsonl IN.parquet OUT_DIR RESULT.json
    ray_jobs.py two-nodes IN.jsonl OUT RESULT.json
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import ray  # noqa: E402

import tests.batch.data  # noqa: E402
import tests.conftest  # noqa: E402
from summarizer.batch import BatchJob, run_batch  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from tests.batch.data import paced_fake  # noqa: E402

BIN = Path(sys.executable).parent


def listening_addresses() -> list[str]:
    """The local address of every listening TCP socket of this network namespace."""
    found = []
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A":  # LISTEN
                continue
            raw = bytes.fromhex(fields[1].split(":")[0])
            # The kernel prints each 32-bit word in host (little-endian) order.
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, width, 4))
            found.append(str(ipaddress.ip_address(words)))
    return found


def network() -> dict[str, Any]:
    return {"interfaces": [name for _, name in socket.if_nameindex()], "listening": sorted(set(listening_addresses()))}


def local_cluster(jsonl: str, parquet: str, out: str, result: str) -> None:
    # The fake embedder's modules are not importable in Ray's workers: send it by value.
    ray.cloudpickle.register_pickle_by_value(tests.conftest)
    ray.cloudpickle.register_pickle_by_value(tests.batch.data)
    reports = {}
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=150 * 1024 * 1024, logging_level="ERROR")
    try:
        for name, source, target in (("jsonl", jsonl, f"{out}/ray.parquet"), ("parquet", parquet, f"{out}/ray.jsonl")):
            job = BatchJob(source, target, engine="ray", actors=2, threads_per_actor=1, batch_size=3)
            reports[name] = run_batch(job, Settings(), paced_fake).to_dict()
        nodes = [{"id": n["NodeID"], "address": n["NodeManagerAddress"]} for n in ray.nodes() if n["Alive"]]
        seen = network()
    finally:
        ray.shutdown()
    Path(result).write_text(json.dumps({"reports": reports, "nodes": nodes, "network": seen}))


def two_nodes(source: str, out: str, result: str) -> None:
    port = 6391
    # Short: Ray's unix sockets live under it, and a socket path has at most 107 bytes.
    temp = Path(tempfile.mkdtemp(prefix="ray-", dir="/tmp"))
    log = (Path(out).parent / "ray-nodes.log").open("wb")
    # Token authentication with the test's own token: RAY_AUTH_MODE and RAY_AUTH_TOKEN_PATH
    # come from the test (Ray reads them when imported), for the nodes, this driver and the command.
    assert os.environ.get("RAY_AUTH_MODE") == "token" and os.environ.get("RAY_AUTH_TOKEN_PATH")
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    common = ["--block", "--num-cpus", "1", "--disable-usage-stats"]
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(
            subprocess.Popen(
                [
                    str(BIN / "ray"),
                    "start",
                    "--head",
                    "--port",
                    str(port),
                    "--include-dashboard=false",
                    "--temp-dir",
                    str(temp),
                    *common,
                ],
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_for_port(port)
        started.append(
            subprocess.Popen(
                [str(BIN / "ray"), "start", "--address", f"127.0.0.1:{port}", *common],
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        # No wait for the second node: the actor pool starts both actors before any row.
        done = subprocess.run(
            [
                str(BIN / "summarizer"),
                "batch",
                source,
                out,
                "--engine",
                "ray",
                "--address",
                f"127.0.0.1:{port}",
                "--actors",
                "2",
                "--threads-per-actor",
                "1",
                "--batch-size",
                "2",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        seen = network()
        Path(result).write_text(
            json.dumps(
                {
                    "returncode": done.returncode,
                    "stdout": done.stdout,
                    "stderr": done.stderr[-4000:],
                    "network": seen,
                }
            )
        )
    finally:
        stop(started)
        log.close()
        shutil.rmtree(temp, ignore_errors=True)


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"no Ray head on port {port} after {seconds} s")


def descendants(pids: list[int]) -> set[int]:
    """Every process below ``pids`` (Ray's workers start process groups of their own)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = list(pids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def stop(started: list[subprocess.Popen[bytes]]) -> None:
    """End each node through its own process group, then whatever it started and left behind."""
    below = descendants([p.pid for p in started])
    for process in reversed(started):
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for process in reversed(started):
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    for pid in below:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"local-cluster": local_cluster, "two-nodes": two_nodes}[mode](*args)
