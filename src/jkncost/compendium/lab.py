"""``make lab``: JupyterLab on ``notebooks/`` that starts anywhere (as root, without a display).

Jupyter refuses to run as root unless told ``--allow-root`` (containers and many lab servers run
as root), and tries to open a browser even where there is no display. :func:`lab_command` adds
``--allow-root`` only when the user is root and ``--no-browser`` only where no display is found;
:func:`main` prints the URL to open (with a fresh token) and starts the server.

Examples
--------
>>> lab_command("notebooks", is_root=True, has_display=False, port=8888, token="t")[-5:]
['--port=8888', '--IdentityProvider.token=t', '--ServerApp.port_retries=0', '--allow-root', '--no-browser']
>>> "--allow-root" in lab_command("notebooks", is_root=False, has_display=True, port=8888, token="t")
False
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path


def running_as_root() -> bool:
    """Whether this process runs as root (never on Windows, which has no such user)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def display_available(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a browser could open a window: macOS and Windows always; elsewhere an X or Wayland display."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def free_port(preferred: int = 8888) -> int:
    """``preferred`` when nothing listens on it, else a port the system picks."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    return preferred


def lab_command(folder: str, *, is_root: bool, has_display: bool, port: int, token: str,
                jupyter: str = "jupyter") -> list[str]:
    """The ``jupyter lab`` command line (the port is fixed so that the printed URL is the one served)."""
    cmd = [jupyter, "lab", folder, f"--port={port}", f"--IdentityProvider.token={token}",
           "--ServerApp.port_retries=0"]
    if is_root:
        cmd.append("--allow-root")
    if not has_display:
        cmd.append("--no-browser")
    return cmd


def url(port: int, token: str) -> str:
    return f"http://127.0.0.1:{port}/lab?token={token}"


def main(argv: list[str] | None = None) -> int:
    """Print the URL, then replace this process by JupyterLab (``--dry-run``: print the command only)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    dry = "--dry-run" in argv
    argv = [a for a in argv if a != "--dry-run"]
    folder = argv[0] if argv else "notebooks"
    port, token = free_port(int(os.environ.get("JKNCOST_LAB_PORT", "8888"))), secrets.token_hex(16)
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    cmd = lab_command(folder, is_root=running_as_root(), has_display=display_available(), port=port, token=token,
                      jupyter=jupyter if Path(jupyter).exists() else "jupyter")
    print(f"JupyterLab on {folder}/: open {url(port, token)}", flush=True)
    if dry:
        print(" ".join(cmd))
        return 0
    os.execvp(cmd[0], cmd)
    return 0  # pragma: no cover (execvp does not return)


if __name__ == "__main__":
    sys.exit(main())
