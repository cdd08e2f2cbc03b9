"""``whoowns chat`` as a real process, typed into line by line (stdin a pipe, as from a script),
its output read as it comes, so a test can change the world (stop the database) mid-session.

    with ChatProcess(env) as chat:
        chat.send("/whoowns quiz status")
        chat.wait_for("only you can see this")
        ...
    chat.returncode, chat.stdout, chat.stderr
"""

from __future__ import annotations

import subprocess
import threading
import time

from tests.support.processes import whoowns_argv


class ChatProcess:
    def __init__(self, env: dict[str, str], *args: str) -> None:
        self._argv = whoowns_argv("chat", "--no-color", *args)
        self._env = env
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self.returncode: int | None = None
        self.stderr = ""

    def __enter__(self) -> ChatProcess:
        self._proc = subprocess.Popen(
            self._argv,
            env=self._env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._errors: list[str] = []
        self._error_reader = threading.Thread(target=self._read_errors, daemon=True)
        self._error_reader.start()
        return self

    def _read_errors(self) -> None:
        assert self._proc.stderr is not None
        self._errors.extend(self._proc.stderr)

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()

    @property
    def stdout(self) -> str:
        with self._changed:
            return "".join(self._lines)

    def send(self, line: str) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 20) -> None:
        """Until ``text`` has appeared ``count`` times in the output (fails after ``timeout``)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while "".join(self._lines).count(text) < count:
                left = deadline - time.monotonic()
                if left <= 0 or self._proc.poll() is not None:
                    raise AssertionError(f"no {text!r} (x{count}) in:\n{''.join(self._lines)}")
                self._changed.wait(min(left, 0.2))

    def __exit__(self, *exc: object) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()  # end of input: the shell leaves
        try:
            self._proc.wait(timeout=30)
        finally:
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait()
        self._reader.join(5)
        self._error_reader.join(5)
        self.stderr = "".join(self._errors)
        self.returncode = self._proc.returncode
