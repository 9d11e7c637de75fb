"""A throwaway PostgreSQL server on loopback: initdb into a temporary directory, password authentication."""

from __future__ import annotations

import secrets
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from tests.services.binaries import as_service_user, hand_over, require
from tests.services.processes import Server, free_port


class Postgres:
    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root  # /tmp/...: pytest's own temporary directories are closed to other users
        self.data = root / "data"
        self.port = free_port()
        self.superuser_password = secrets.token_urlsafe(24)
        self.server: Server | None = None

    def init(self) -> None:
        password_file = self.root / "superuser-password"
        password_file.write_text(self.superuser_password)
        hand_over(password_file)
        command = [str(require("initdb")), "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--no-locale",
                   "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={password_file}"]
        result = subprocess.run(as_service_user(command), capture_output=True, text=True, timeout=120)
        password_file.unlink()
        if result.returncode:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> Postgres:
        command = [
            str(require("postgres")), "-D", str(self.data),
            "-c", "listen_addresses=127.0.0.1", "-c", f"port={self.port}",
            "-c", f"unix_socket_directories={self.root}",
            # Throwaway data: no need to survive a power cut; keeps the tests fast on a busy machine.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "shared_buffers=16MB", "-c", "max_connections=60",
        ]  # fmt: skip
        self.server = Server(f"postgres-{self.name}", as_service_user(command), self.root / "postgres.log")
        self.server.start().wait_until(self._accepts, 60)
        return self

    def _accepts(self) -> bool:
        psycopg2.connect(**self.dsn("postgres", self.superuser_password, "postgres"), connect_timeout=2).close()
        return True

    def stop(self) -> None:
        """Fast shutdown (SIGINT): clients are disconnected, the data stays for a restart."""
        if self.server is not None and self.server.running:
            self.server._signal(signal.SIGINT)
            self.server.process.wait(timeout=60)

    def dsn(self, user: str, password: str, database: str) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "user": user, "password": password, "dbname": database}

    def url(self, user: str, password: str, database: str) -> str:
        return f"postgresql+psycopg2://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, database: str, owner: str, password: str) -> None:
        """A database owned by an ordinary role (the assistant never connects as superuser)."""
        connection = psycopg2.connect(**self.dsn("postgres", self.superuser_password, "postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (owner,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE ROLE "{owner}" LOGIN PASSWORD %s', (password,))
            cursor.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
        connection.close()

    def query(self, database: str, sql: str, params: tuple = ()) -> list[tuple]:
        connection = psycopg2.connect(**self.dsn("postgres", self.superuser_password, database))
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()


@contextmanager
def running_postgres(name: str) -> Iterator[Postgres]:
    root = Path(tempfile.mkdtemp(prefix=f"test-pg-{name}-"))
    hand_over(root)
    postgres = Postgres(name, root)
    try:
        postgres.init()
        yield postgres.start()
    finally:
        postgres.stop()
        if postgres.server is not None:
            postgres.server.stop()
        shutil.rmtree(root, ignore_errors=True)
