"""The Ray engine on real Ray: a local cluster, and two nodes, each test in a network namespace of its own.

Ray binds to the machine's interface address even when told 127.0.0.1; inside a namespace
that holds only loopback it falls back to 127.0.0.1 for every node, so no test traffic
leaves loopback. ``ray_jobs.py`` runs the Ray side there and reports what it saw.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import BatchJob, run_batch
from summarizer.config import Settings
from tests.batch.data import fake, write_jsonl, write_parquet
from tests.batch.test_local import CLUSTERS, check_rows, read_output

pytest.importorskip("ray", reason="the ray extra is not installed (scripts/install.sh --test installs it)")

JOBS = Path(__file__).with_name("ray_jobs.py")


def _namespace_problem() -> str | None:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare and ip (util-linux, iproute2) for a loopback-only network namespace"
    if os.geteuid() != 0:
        return "needs root for a network namespace of its own (unshare --net)"
    done = subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=30, check=False)
    return None if done.returncode == 0 else f"unshare --net failed: {done.stderr.decode(errors='replace')}"


pytestmark = pytest.mark.skipif(bool(_namespace_problem()), reason=_namespace_problem() or "")


def in_namespace(*args: str, env: dict[str, str] | None = None, timeout: float = 150) -> dict[str, Any]:
    """Run ray_jobs.py with ``args`` in a new network namespace of loopback only; its JSON result."""
    result = Path(args[-1])
    process = subprocess.Popen(
        ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable, str(JOBS), *args],
        env={**os.environ, **(env or {})},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"the Ray job ran past {timeout} s:\n{output.decode(errors='replace')[-4000:]}")
    assert process.returncode == 0, output.decode(errors="replace")[-4000:]
    value: dict[str, Any] = json.loads(result.read_text())
    return value


def check_loopback_only(network: dict[str, Any]) -> None:
    assert network["interfaces"] == ["lo"]
    assert network["listening"], "Ray was listening on nothing while it ran"
    for address in network["listening"]:
        ip = ipaddress.ip_address(address)
        mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
        assert ip.is_loopback or (mapped is not None and mapped.is_loopback), address


def by_position(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["source"], r["line"]))


def test_ray_engine_equals_the_local_engine_both_ways(tmp_path: Path) -> None:
    jsonl_expected = write_jsonl(tmp_path / "in.jsonl", CLUSTERS)
    parquet_expected = write_parquet(tmp_path / "in.parquet", CLUSTERS)
    (tmp_path / "out").mkdir()
    seen = in_namespace(
        "local-cluster",
        str(tmp_path / "in.jsonl"),
        str(tmp_path / "in.parquet"),
        str(tmp_path / "out"),
        str(tmp_path / "result.json"),
    )
    check_loopback_only(seen["network"])
    assert [n["address"] for n in seen["nodes"]] == ["127.0.0.1"]
    for name, source, ray_out, local_out, expected in (
        ("jsonl", "in.jsonl", "ray.parquet", "local.parquet", jsonl_expected),
        ("parquet", "in.parquet", "ray.jsonl", "local.jsonl", parquet_expected),
    ):
        report = seen["reports"][name]
        assert (report["read"], report["written"]) == (len(expected), len(expected))
        assert len(report["workers"]) == 2 and all(n > 0 for n in report["workers"].values())
        # Ray returns rows in no set order; by (source, line) they are in input order.
        ray_rows = by_position(read_output(tmp_path / "out" / ray_out))
        check_rows(ray_rows, expected)
        run_batch(BatchJob(str(tmp_path / source), str(tmp_path / local_out)), Settings(), fake)
        local_rows = read_output(tmp_path / local_out)
        check_rows(local_rows, expected)
        assert ray_rows == by_position(local_rows)


def test_two_nodes_each_run_an_actor_and_every_row_comes_back(tmp_path: Path) -> None:
    expected = write_jsonl(tmp_path / "in.jsonl", 8)
    token = tmp_path / "ray-token"
    token.write_text(secrets.token_hex(32))
    seen = in_namespace(
        "two-nodes",
        str(tmp_path / "in.jsonl"),
        str(tmp_path / "out.parquet"),
        str(tmp_path / "result.json"),
        env={"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)},
    )
    assert seen["returncode"] == 0, seen["stderr"]
    check_loopback_only(seen["network"])
    report = json.loads(seen["stdout"])
    # Each node has one CPU and each actor takes one: two actors means both nodes.
    assert len(report["nodes"]) == 2 and all(n > 0 for n in report["nodes"].values())
    assert len(report["workers"]) == 2
    rows = read_output(tmp_path / "out.parquet")
    assert (report["read"], report["written"], len(rows)) == (len(expected), len(expected), len(expected))
    assert sorted(map(str, [(r["id"], r["error"]["code"] if r["error"] else None) for r in rows])) == sorted(
        map(str, expected)
    )
    # The real model ran in both actors.
    assert {r["meta"]["model"] for r in rows if not r["error"]} == {"all-MiniLM-L6-v2"}
