"""The production server: a WSGI app on gunicorn (gthread workers), embedded through
``gunicorn.app.base.BaseApplication``: ``settings.web_concurrency`` worker processes ×
``settings.web_threads`` threads, ``0.0.0.0:PORT``, access log off, graceful SIGTERM.
The app is built once in the master (so start-up errors surface before any worker forks);
each worker then starts a :class:`bot.web.ticker.Ticker`.

Everything built before the workers fork (the knowledge, its indexes, the app: about 120,000
objects) is moved out of the cyclic garbage collector's sight (``gc.freeze()``): a full
collection would otherwise walk it all, some 50–100 ms during which every request in the
worker waits, and it stays shared with the master's memory pages.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any


def serve(
    wsgi_app: Callable[..., Iterable[bytes]],
    *,
    port: int,
    workers: int = 1,
    threads: int = 32,
    log_level: str = "INFO",
    host: str = "0.0.0.0",
    on_worker_start: Callable[[], object] | None = None,
    on_worker_exit: Callable[[], None] | None = None,
    after_fork: Callable[[], None] | None = None,
) -> int:
    """Run ``wsgi_app`` on gunicorn until SIGTERM/SIGINT; returns the exit status.

    ``after_fork`` runs first in each new worker (e.g. drop inherited database
    connections); ``on_worker_start`` once the worker is ready (start the ticker);
    ``on_worker_exit`` as it stops."""
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": [f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,  # built once in the master: start-up errors before any fork
        "accesslog": None,
        "errorlog": "-",
        "loglevel": log_level.lower(),
        "graceful_timeout": 10,
        "timeout": 30,
        "keepalive": 5,
        "proc_name": "whoowns",
        "control_socket_disable": True,  # no ~/.gunicorn/gunicorn.ctl
        "post_fork": lambda _server, _worker: after_fork() if after_fork else None,
        "post_worker_init": lambda _worker: on_worker_start() if on_worker_start else None,
        "worker_exit": lambda _server, _worker: on_worker_exit() if on_worker_exit else None,
    }

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Iterable[bytes]]:
            return wsgi_app

    gc.collect()  # what start-up left behind, then the rest is long-lived: frozen
    gc.freeze()
    try:
        _Server(prog="whoowns serve").run()
    except SystemExit as exc:  # gunicorn's master exits through sys.exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
