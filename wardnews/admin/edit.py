"""Local editing in one command (``scripts/edit``, ``wardnews edit``).

Installs the pinned local proxy of the web editor (npm ``decap-server``, pinned by the
``package-lock.json`` shipped in ``wardnews/data/edit``) into the project's
``.cache/wardnews-edit/`` with ``npm ci``; starts it bound to 127.0.0.1 only (it has no
authentication) in git mode, preloaded with ``stage-written.cjs`` so that each commit holds only
the files the editor wrote; starts ``mkdocs serve``; prints the admin page's address. Ctrl-C
stops both.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from wardnews.problems import Problem, WardnewsError
from wardnews.urls import ADMIN

log = logging.getLogger(__name__)

PROXY_FILES = ("package.json", "package-lock.json", "stage-written.cjs")
PROXY_DIR = Path(".cache") / "wardnews-edit"
STAMP = ".installed"
LOCAL_HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0


def _shipped(name: str) -> bytes:
    return resources.files("wardnews").joinpath("data", "edit", name).read_bytes()


def _problem(message: str) -> WardnewsError:
    return WardnewsError([Problem("scripts/edit", None, None, message)])


def install_proxy(root: Path) -> Path:
    """The proxy installed under ``root``/.cache/wardnews-edit (``npm ci`` only when the shipped
    lock changed). Returns that folder. Raises WardnewsError when npm is missing or fails."""
    folder = root / PROXY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for name in PROXY_FILES:
        data = _shipped(name)
        digest.update(data)
        target = folder / name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
    stamp = folder / STAMP
    server = folder / "node_modules" / "decap-server" / "dist" / "index.js"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest() and server.is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise _problem(
            "cần Node.js và npm để chạy trình soạn bài trên máy (Debian: apt-get install npm)"
        )
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=dev"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not server.is_file():
        raise _problem(f"npm ci không cài được decap-server:\n{result.stderr[-2000:]}")
    stamp.write_text(digest.hexdigest())
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise _problem(f"{what} đã dừng (mã {process.returncode}) trước khi sẵn sàng")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex((LOCAL_HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise _problem(f"{what} không sẵn sàng sau {START_TIMEOUT_S:.0f} giây")


@dataclass
class EditSession:
    """The two processes of local editing and the address to open."""

    proxy: subprocess.Popen
    serve: subprocess.Popen
    admin_url: str

    def stop(self) -> None:
        for process in (self.serve, self.proxy):
            if process.poll() is None:
                process.terminate()
        for process in (self.serve, self.proxy):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_editing(
    config_file: Path, site_url: str, port: int = 0, proxy_port: int = 0
) -> EditSession:
    """Start the proxy and ``mkdocs serve`` for the project of ``config_file``."""
    root = config_file.parent.resolve()
    if not (root / ".git").exists():
        raise _problem(f"{root} chưa là kho git: chạy 'git init' rồi commit các tệp trước")
    # The editor saves on the branch checked out here, whatever the published one is called.
    head = subprocess.run(
        ["git", "symbolic-ref", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    branch = head.stdout.strip()
    if head.returncode != 0 or not branch:
        raise _problem("kho git đang không ở trên nhánh nào: chạy 'git switch main' trước")
    folder = install_proxy(root)
    node = shutil.which("node")
    if node is None:
        raise _problem(
            "cần Node.js để chạy trình soạn bài trên máy (Debian: apt-get install nodejs)"
        )
    port = port or _free_port()
    proxy_port = proxy_port or _free_port()
    env = {
        **os.environ,
        # decap-server has no authentication: never listen beyond this machine.
        "BIND_HOST": LOCAL_HOST,
        "PORT": str(proxy_port),
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn"),
        "ORIGIN": f"http://{LOCAL_HOST}:{port}",
        # The proxy rebases and merges in the editor's own clone: work in progress there (a
        # changed file not yet committed) is set aside and put back instead of stopping it.
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "rebase.autoStash",
        "GIT_CONFIG_VALUE_0": "true",
        "GIT_CONFIG_KEY_1": "merge.autoStash",
        "GIT_CONFIG_VALUE_1": "true",
    }
    server = folder / "node_modules" / "decap-server" / "dist" / "index.js"
    proxy = subprocess.Popen(
        [node, "-r", str(folder / "stage-written.cjs"), str(server)], cwd=folder, env=env
    )
    serve_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-livereload"]
    command += ["-f", str(config_file), "-a", f"{LOCAL_HOST}:{port}"]
    serve = subprocess.Popen(command, cwd=root, env=serve_env)
    session = EditSession(proxy, serve, "")
    try:
        _wait_for_port(proxy_port, proxy, "decap-server")
        _wait_for_port(port, serve, "mkdocs serve")
    except BaseException:
        session.stop()
        raise
    base = urlsplit(site_url).path.strip("/") if site_url else ""
    path = f"{base}/{ADMIN}/" if base else f"{ADMIN}/"
    query = urlencode({"proxy": proxy_port, "branch": branch})
    session.admin_url = f"http://{LOCAL_HOST}:{port}/{path}?{query}"
    return session


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def wait_until_stopped(session: EditSession) -> None:
    """Wait for Ctrl-C (or SIGTERM, or either process ending), then stop both processes."""
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        while session.proxy.poll() is None and session.serve.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        session.stop()
        signal.signal(signal.SIGTERM, previous)
