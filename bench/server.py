"""The server under test: Rathaus on gunicorn with DEBUG off, on a loopback port.

Prepares its own state under var/bench/run/ (SQLite file, collected static files,
development keys) unless DATABASE_URL points at PostgreSQL, and always stops the
server process group it started.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .wire import fetch

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, *, workers: int, threads: int, state_dir: Path, log_path: Path):
        self.workers, self.threads = workers, threads
        self.state_dir, self.log_path = state_dir, log_path
        self.host, self.port = HOST, _free_port()
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rathaus.settings",
            "RATHAUS_DEBUG": "0",
            "RATHAUS_SSL_REDIRECT": "0",
            "RATHAUS_BENCH_VIEW": "1",
            # Towns added by the benchmarks answer on <name>.localhost (loopback by RFC 6761).
            "RATHAUS_ALLOWED_HOSTS": os.environ.get(
                "RATHAUS_ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost"
            ),
            "RATHAUS_VAR_DIR": str(state_dir),
            "RATHAUS_LOG_LEVEL": os.environ.get("RATHAUS_LOG_LEVEL", "WARNING"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("RATHAUS_TESTING", None)

    @property
    def database_name(self) -> str:
        """The PostgreSQL database's name (empty for SQLite)."""
        url = self.env.get("DATABASE_URL", "")
        return url.rsplit("/", 1)[-1].split("?", 1)[0] if url.startswith("postgres") else ""

    @property
    def database(self) -> str:
        url = self.env.get("DATABASE_URL", "")
        return "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"

    def manage(self, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
        """Run a management command against the server's settings and database."""
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            text=True,
            capture_output=quiet,
            timeout=300,
        )
        if result.returncode:
            tail = "\n".join((result.stderr or "").strip().splitlines()[-15:])
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{tail}")
        return result

    def prepare(self) -> None:
        shutil.rmtree(self.state_dir, ignore_errors=True)
        self.state_dir.mkdir(parents=True)
        # A PostgreSQL database outlives the run (seeded data is reused): so must the
        # development keys its personal data and e-mail lookups were written with.
        kept_keys = self.log_path.parent / f"dev-keys-{self.database_name}.txt"
        if self.database == "postgresql" and kept_keys.exists():
            shutil.copy2(kept_keys, self.state_dir / "dev-keys.txt")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        commands = self.manage("help", "--commands").stdout.split()
        if "load_demo" in commands:
            self.manage("load_demo")
        else:
            self.manage(
                "shell",
                "-c",
                "from rathaus.core.models import Town; Town.objects.exists() or "
                "Town.objects.create(name='Weiterstadt', official_name='Stadt Weiterstadt')",
            )
        keys = self.state_dir / "dev-keys.txt"
        if self.database == "postgresql" and keys.exists() and not kept_keys.exists():
            shutil.copy2(keys, kept_keys)

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "rathaus.wsgi:application",
            f"--bind={self.host}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=gthread",
            f"--threads={self.threads}",
            "--keep-alive=5",
            "--log-level=warning",
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            try:
                if asyncio.run(fetch(self.host, self.port, "/healthz")).status == 200:
                    return
            except (OSError, asyncio.IncompleteReadError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) used so far by gunicorn's master and workers (Linux)."""
        if self.process is None:
            return None
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        try:
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                # Fields after the name: state, ppid, pgrp (the server's group), ...; utime and
                # stime are fields 14 and 15 of the whole line.
                if int(fields[2]) == self.process.pid:
                    total += int(fields[11]) + int(fields[12])
        except OSError:
            return None
        return total / ticks

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session made it the group leader
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def cleanup(self) -> None:
        shutil.rmtree(self.state_dir, ignore_errors=True)
