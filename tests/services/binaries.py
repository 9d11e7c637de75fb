"""Where Debian's packages put the servers: PostgreSQL's outside PATH, nginx in /usr/sbin."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
from pathlib import Path

INSTALL_HINT = "apt-get install postgresql redis-server nginx"


def find(name: str) -> Path | None:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found:
        return Path(found)
    # postgresql-NN installs into /usr/lib/postgresql/NN/bin; take the newest.
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    return Path(versions[-1]) if versions else None


def require(name: str) -> Path:
    path = find(name)
    if path is None:
        raise FileNotFoundError(f"{name} not found; install the servers with: {INSTALL_HINT}")
    return path


def as_service_user(argv: list[str], user: str = "postgres") -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as its own system user (the package creates it)."""
    if os.geteuid() != 0:
        return argv
    pwd.getpwnam(user)  # KeyError when the package's user is missing
    return [str(require("runuser")), "-u", user, "--", *argv]


def hand_over(path: Path, user: str = "postgres") -> None:
    """Give a throwaway directory to the service user when running as root."""
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
