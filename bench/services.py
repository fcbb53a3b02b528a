"""Throwaway PostgreSQL and Redis servers for the fault scripts (bench/faults.py), on free ports
of 127.0.0.1, never the shared ones on 5432 and 6379.

    with ExitStack() as stack:
        postgres = PostgresCluster(stack)        # initdb'd in a temporary folder, started
        redis = RedisServer(stack, tmp)          # redis-server with nothing saved to disk
        postgres.url("cid")                      # postgres://postgres@127.0.0.1:PORT/cid
        redis.stop(); redis.start()              # the faults
        postgres.restart(); postgres.stop(); postgres.start()

Both are stopped when the stack closes, on errors and Ctrl-C too, and the cluster's folder is
removed. PostgreSQL refuses to run as root: when we are root, the cluster's folder belongs to
the ``postgres`` user and its commands run as that user (``runuser``).
"""

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import redis
from serving import free_port, log_tail, start, stop

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_SERVER = "/usr/bin/redis-server"
AS_ROOT = os.geteuid() == 0


def as_postgres(command: list) -> list:
    """``command`` run as the postgres user when we are root, else as ourselves."""
    return ["runuser", "-u", "postgres", "--", *command] if AS_ROOT else command


class PostgresCluster:
    """A PostgreSQL cluster of its own: trust authentication for the user ``postgres``, TCP on
    127.0.0.1 only, its socket and log in its folder."""

    def __init__(self, stack: ExitStack):
        self.folder = Path(tempfile.mkdtemp(prefix="cid-faults-pg-"))
        stack.callback(shutil.rmtree, self.folder, ignore_errors=True)
        if AS_ROOT:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        self._pg(
            "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        stack.callback(self.stop, "immediate")  # runs before the folder is removed

    def _pg(self, program: str, *arguments, check: bool = True) -> subprocess.CompletedProcess:
        command = as_postgres([str(PG_BIN / program), *map(str, arguments)])
        # The postgres user may not enter our working folder: run from the cluster's own.
        result = subprocess.run(command, cwd=self.folder, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(map(str, arguments))} failed:\n{result.stdout}"
                f"{result.stderr}\n{log_tail(self.log) if self.log.exists() else ''}"
            )
        return result

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _options(self) -> str:
        # fsync off: a throwaway cluster need not survive the machine crashing, and migrating
        # and seeding take a fraction of the time. A fast shutdown still writes everything.
        return (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )

    def start(self):
        """Start it and wait until it accepts connections."""
        self._pg("pg_ctl", "-D", self.data, "-l", self.log, "-o", self._options(), "-w", "start")

    def stop(self, mode: str = "fast"):
        """``fast`` ends every session (their transactions roll back) and shuts down cleanly;
        ``immediate`` just stops. Nothing happens if it is not running."""
        if self.running():
            self._pg("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast"):
        self._pg(
            "pg_ctl", "-D", self.data, "-l", self.log, "-m", mode, "-o", self._options(),
            "-w", "restart",
        )  # fmt: skip

    def running(self) -> bool:
        return self._pg("pg_ctl", "-D", self.data, "status", check=False).returncode == 0


class RedisServer:
    """redis-server on a free port, keeping nothing on disk; its log in ``folder``."""

    def __init__(self, stack: ExitStack, folder: Path):
        self.stack = stack
        self.folder = folder
        self.port = free_port()
        self.process = None
        self.starts = 0
        self.start()

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self):
        """Start it (again, on the same port) and wait until it answers PING."""
        self.starts += 1
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        log = self.folder / f"redis-{self.starts}.log"
        self.process = start(self.stack, command, log)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server stopped:\n{log_tail(log)}")
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not answer within 10 s:\n{log_tail(log)}")

    def stop(self):
        """SIGTERM, as a service manager stops it; returns once it has exited."""
        stop(self.process)
