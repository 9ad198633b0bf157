"""`make lab` starts JupyterLab on lectures/ with the nbgrader extensions."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> int:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.slow
def test_make_lab_serves_jupyterlab_and_the_formgrader(tmp_path):
    port = free_port()
    flags = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --ServerApp.token= --ServerApp.password="
    log = open(tmp_path / "lab.log", "w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"VENV={sys.prefix}", f"LAB_FLAGS={flags}"],
        cwd=REPOSITORY,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status = get(f"http://127.0.0.1:{port}/lab")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        log.flush()
        assert status == 200, f"/lab answered {status}; log:\n{(tmp_path / 'lab.log').read_text()[-3000:]}"
        assert get(f"http://127.0.0.1:{port}/api/contents/lectures/00_getting_started") == 200
        assert get(f"http://127.0.0.1:{port}/formgrader") in (200, 302), "the nbgrader formgrader is not served"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
