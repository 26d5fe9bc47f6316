"""Fixtures for the HTTP end-to-end suite: start the real `onnxocr-server serve`.

Environment:
  ONNXOCR_BIN       server binary (default: <repo>/build/release/onnxocr-server)
  ONNXOCR_E2E_URL   base URL of an already running server (e.g. a container); then no
                    server is started and tests that need their own server are skipped
  ONNXOCR_E2E_ARGS  extra arguments appended to every `serve` command line (shlex-split)
"""

import os
import shlex
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from e2e_util import BIN

EXTERNAL_URL = os.environ.get("ONNXOCR_E2E_URL", "").rstrip("/")
EXTRA_ARGS = shlex.split(os.environ.get("ONNXOCR_E2E_ARGS", ""))

READY_TIMEOUT_S = 60
EXIT_TIMEOUT_S = 30
STDERR_TAIL = 6000


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `onnxocr-server serve` child process."""

    def __init__(self, args, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                    "--workers", str(workers), *args, *EXTRA_ARGS]
        self._stderr_file = tempfile.NamedTemporaryFile(
            prefix="onnxocr-e2e-", suffix=".stderr", delete=False)
        self.stderr_path = self._stderr_file.name
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                     stdout=self._stderr_file, stderr=subprocess.STDOUT)
        self.returncode = None

    def stderr(self):
        try:
            return Path(self.stderr_path).read_text(errors="replace")
        except OSError:
            return ""

    def stderr_tail(self, n=STDERR_TAIL):
        text = self.stderr()
        return text if len(text) <= n else "...\n" + text[-n:]

    def wait_ready(self, timeout=READY_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                pytest.fail(f"server exited with {rc} before /ready\ncommand: {' '.join(self.cmd)}\n"
                            f"output:\n{self.stderr_tail()}", pytrace=False)
            try:
                r = requests.get(self.url + "/ready", timeout=2)
                if r.status_code == 200:
                    return
                last = f"{r.status_code} {r.text[:200]}"
            except requests.RequestException as e:
                last = repr(e)
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"server not ready within {timeout} s (last: {last})\ncommand: {' '.join(self.cmd)}\n"
                    f"output:\n{self.stderr_tail()}", pytrace=False)

    def send(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait_exit(self, timeout=EXIT_TIMEOUT_S):
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        return self.returncode

    def stop(self, sig=signal.SIGTERM, timeout=EXIT_TIMEOUT_S):
        """Send `sig` and wait; returns the exit code, None if it had to be killed."""
        if self.proc.poll() is not None:
            self.returncode = self.proc.returncode
            return self.returncode
        self.send(sig)
        return self.wait_exit(timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def close(self):
        self.kill()
        self._stderr_file.close()
        try:
            os.unlink(self.stderr_path)
        except OSError:
            pass


def _check_binary():
    if not BIN.exists():
        pytest.fail(f"server binary {BIN} not found: build it (cmake --build --preset release) "
                    f"or set ONNXOCR_BIN, or point ONNXOCR_E2E_URL at a running server", pytrace=False)


def _finish(server, label):
    rc = server.stop()
    try:
        assert rc is not None, (f"{label}: did not exit within {EXIT_TIMEOUT_S} s of SIGTERM "
                                f"(killed)\noutput:\n{server.stderr_tail()}")
        assert rc == 0, f"{label}: exit code {rc} after SIGTERM\noutput:\n{server.stderr_tail()}"
    finally:
        server.close()


_SESSION_SERVER = None


@pytest.fixture(scope="session")
def base_url():
    """Base URL of the shared server (started once per session unless ONNXOCR_E2E_URL)."""
    global _SESSION_SERVER
    if EXTERNAL_URL:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            try:
                if requests.get(EXTERNAL_URL + "/ready", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{EXTERNAL_URL}/ready did not return 200 within {READY_TIMEOUT_S} s",
                            pytrace=False)
            time.sleep(0.2)
        yield EXTERNAL_URL
        return
    _check_binary()
    server = Server([], workers=2)
    _SESSION_SERVER = server
    server.wait_ready()
    yield server.url
    _SESSION_SERVER = None
    _finish(server, "shared server")


@pytest.fixture
def start_server(request):
    """Factory: start_server(*flags, workers=2, wait=True) -> Server with its own flags.

    These servers test lifecycle, limits and scheduling, not the models: unless the
    flags say otherwise they load only the default set and skip the warm-up
    (`--models ppocrv5-mobile --warm-up off`: about 1.8 s to ready instead of 5.3 s).
    The shared server (base_url) runs with the defaults: every set, warmed up.

    Every server started is stopped with SIGTERM at teardown and must exit 0 within
    30 s (unless the test already stopped it itself). Skipped with ONNXOCR_E2E_URL."""
    if EXTERNAL_URL:
        pytest.skip("needs its own server (ONNXOCR_E2E_URL is set)")
    _check_binary()
    servers = []
    request.node._e2e_servers = servers

    def start(*flags, workers=2, wait=True):
        flags = [str(f) for f in flags]
        if not any(f == "--models" or f.startswith("--models=") for f in flags):
            flags += ["--models", "ppocrv5-mobile"]
        if not any(f == "--warm-up" or f.startswith("--warm-up=") for f in flags):
            flags += ["--warm-up", "off"]
        server = Server(flags, workers=workers)
        servers.append(server)
        if wait:
            server.wait_ready()
        return server

    yield start
    errors = []
    for i, server in enumerate(servers):
        try:
            if server.returncode is None:
                _finish(server, f"server {' '.join(server.cmd[2:])}")
            else:
                server.close()
        except AssertionError as e:
            errors.append(str(e))
    if errors:
        pytest.fail("\n\n".join(errors), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    servers = list(getattr(item, "_e2e_servers", []))
    if _SESSION_SERVER is not None and "base_url" in getattr(item, "fixturenames", ()):
        servers.insert(0, _SESSION_SERVER)
    for server in servers:
        report.sections.append((f"server output ({' '.join(server.cmd[2:])})", server.stderr_tail()))
