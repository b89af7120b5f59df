"""Running the service under gunicorn, in-process: ``summarizer serve`` calls ``run``.

The CLI process becomes gunicorn's arbiter, so SIGTERM reaches it directly and
stops the service gracefully: the listeners close, each worker finishes the
requests it has (for at most ``SUMMARIZER_GRACEFUL_TIMEOUT`` seconds) and exits.

Workers are gthread workers that each call ``api.create_app()`` after the fork,
so each loads its own copy of the model once (``preload_app`` stays off: torch's
thread pools are not fork-safe once used, and reference counting would unshare
the copied pages anyway). Threads let ``/healthz`` answer while a summary is
being computed. The arbiter never imports torch.

On SIGTERM each worker (``DrainingWorker``) first takes every connection the kernel
has already completed on its listening socket, then closes the socket: gunicorn's
own gthread worker only stops polling it, so a connection made during the graceful
period would sit unanswered in the backlog until the worker exits and then be reset.
With the socket closed, a new connection is refused at once and a load balancer can
retry elsewhere; everything accepted is answered.
"""

from __future__ import annotations

import glob
import logging
import math
import os
import select
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from gunicorn.workers.gthread import ThreadWorker  # type: ignore[import-untyped]

from ..config import Settings
from ..errors import InvalidInput
from .logs import configure, logging_config

__all__ = ["DrainingWorker", "close_aware", "gunicorn_options", "run"]

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def gunicorn_options(host: str, port: int, workers: int, threads: int, settings: Settings) -> dict[str, Any]:
    """The gunicorn settings ``run`` uses, as a dict of gunicorn setting names."""
    if not 1 <= port <= 65535:
        raise InvalidInput(f"--port must be from 1 to 65535, got {port}")
    if workers < 1 or threads < 1:
        raise InvalidInput(f"--workers and --threads must be at least 1, got {workers} and {threads}")
    bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    options: dict[str, Any] = {
        "bind": [f"{bind_host}:{port}"],
        "workers": workers,
        "threads": threads,
        "worker_class": "summarizer.service.server.DrainingWorker",
        "graceful_timeout": max(1, math.ceil(settings.graceful_timeout)),
        # The arbiter restarts a worker silent for this long. gthread workers heartbeat
        # from their main loop while threads compute, so this bounds start-up (model
        # load) and hangs, not request time.
        "timeout": 120,
        "keepalive": 5,
        "proc_name": "summarizer",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "logconfig_dict": logging_config(settings.log_level),
        "child_exit": _child_exit,
        # gunicorn's control socket defaults to one path per user: two services would fight over it.
        "control_socket_disable": True,
    }
    if Path("/dev/shm").is_dir():
        options["worker_tmp_dir"] = "/dev/shm"  # heartbeat files off a possibly slow disk (Docker)
    return options


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, threads: int = 2) -> int:
    """Serve until SIGTERM or SIGINT; returns the process exit status. Raises InvalidInput for bad settings."""
    settings = Settings.from_env()
    options = gunicorn_options(host, port, workers, threads, settings)
    configure(settings.log_level)
    created_metrics_dir = _prepare_metrics_dir(workers)

    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    class _Service(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> WSGIApp:
            from .app import create_app

            return close_aware(create_app(settings))

    try:
        _Service().run()
    except SystemExit as exc:  # the arbiter leaves through sys.exit
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        if created_metrics_dir:
            shutil.rmtree(created_metrics_dir, ignore_errors=True)
    return 0


class DrainingWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's gthread worker that refuses new connections as soon as it stops (see the module doc)."""

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:  # stopping, not merely at its connection limit
            self._drain_and_close()

    def _drain_and_close(self) -> None:
        taken = 0
        for listener in self.sockets:
            try:
                listener.setblocking(False)
                # Each accept hands the connection to the thread pool, as in normal operation.
                while select.select([listener], [], [], 0)[0]:
                    before = self.nr_conns
                    self.accept(listener)
                    if self.nr_conns == before:
                        break  # nothing was there after all (another worker took it)
                    taken += 1
                listener.close()
            except OSError:
                log.warning("could not close a listening socket while stopping", exc_info=True)
        log.info("stopped listening", extra={"connections_taken_while_stopping": taken})


def close_aware(app: WSGIApp) -> WSGIApp:
    """Let the app's ``Connection: close`` close the connection under gunicorn.

    gunicorn drops hop-by-hop headers from a WSGI response and would keep the
    connection alive, first draining whatever body the app left unread: seconds
    for a client still sending a huge body. Its ``start_response`` belongs to the
    response object, whose ``force_close`` makes it send ``Connection: close``,
    shut the write side and linger briefly on reads so the client gets the whole
    answer (RFC 9112 section 9.6) instead of a reset.
    """

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if any(k.lower() == "connection" and v.strip().lower() == "close" for k, v in headers):
                force_close = getattr(getattr(start_response, "__self__", None), "force_close", None)
                if callable(force_close):
                    force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wrapped


def _prepare_metrics_dir(workers: int) -> str | None:
    """Turn on prometheus-client's multi-process mode for several workers; the dir it created, if any.

    Must run before anything in this process imports prometheus_client, which
    reads the variable at import time. Stale files from an earlier run are removed.
    """
    existing = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if existing:
        for path in glob.glob(os.path.join(existing, "*.db")):
            os.remove(path)
        return None
    if workers == 1:
        return None
    created = tempfile.mkdtemp(prefix="summarizer-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = created
    return created


def _child_exit(_server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
