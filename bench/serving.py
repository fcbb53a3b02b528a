"""Starting, waiting for and stopping the servers the benchmarks measure (bench/lighthouse.py,
bench/throughput.py). Each server is started on an ExitStack, which stops it when it closes,
on errors and Ctrl-C too; its output goes to a log file whose tail is shown if it dies."""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(stack: ExitStack, command: list, log: Path, env: dict | None = None) -> subprocess.Popen:
    """Start ``command`` in the project's folder (with ``env``, else this process's environment),
    its output to ``log``; it is stopped when ``stack`` closes."""
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    stack.callback(stop, process)
    return process


def stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_up(
    url: str, processes: dict, tmp: Path, timeout: float = 60, headers: dict | None = None
):
    """Until ``url`` answers 200 (asked with ``headers``); exits with the log of a server that
    stopped (``processes``: name → process, its log tmp/<name>.log) or, after ``timeout``
    seconds, gunicorn's."""
    request = urllib.request.Request(url, headers=headers or {})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                sys.exit(f"{name} stopped:\n{log_tail(tmp / (name + '.log'))}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out: not up yet
            pass
        time.sleep(0.5)
    sys.exit(f"No answer from {url} within {timeout:.0f} s:\n{log_tail(tmp / 'gunicorn.log')}")


def log_tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
