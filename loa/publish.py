"""Publishing that never leaves a broken site: releases, an atomic ``current``, rollback.

The target (``DEST``) is a local folder or ``user@host:path`` (rsync over SSH). It holds::

    DEST/releases/20261129T142530Z/     one complete site per publish (UTC time, sortable)
    DEST/releases/20261129T150102Z/
    DEST/current -> releases/20261129T150102Z    what the web server serves

A publish uploads into ``releases/<name>.partial/``, renames it to ``releases/<name>/`` only
when the upload is complete, then points ``current`` at it by making a new symlink under a
temporary name and renaming it over ``current`` (``rename(2)`` replaces it atomically: there is
no moment without a ``current``). Killed at any point, ``current`` still points at a complete
release; a left-over ``.partial`` folder is removed by the next publish. Only the newest
``keep`` releases stay (the one ``current`` points to always stays).

One publish or rollback at a time per target: each holds ``DEST/.publish.lock`` (``flock``; on
a server through ``flock(1)`` over SSH) for its whole run. A second one waits for it, at most
``lock_wait`` seconds, then stops naming the lock. The lock dies with the process holding it,
so a killed publish never leaves a stale lock.

Releases are readable by everyone, whatever the publisher's umask: folders 0755, files 0644
(a web server such as nginx runs as another user, e.g. ``www-data``).

:func:`build_and_publish` is ``invoke publish``: a production build into a temporary folder,
every check strict (errors and warnings both stop it), precompression, then :func:`publish`.
"""
from __future__ import annotations

import contextlib
import math
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from loa.problems import Problem, ProblemsFound

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial"
KEEP = 5
LOCK = ".publish.lock"
LOCK_WAIT = 60.0   # seconds a publish waits for another one to finish (an upload takes seconds)
DIR_MODE, FILE_MODE = 0o755, 0o644   # readable by the web server's user, writable only by ours
_NAME = re.compile(r"^\d{8}T\d{6}Z(?:-\d{2})?$")


class PublishError(RuntimeError):
    """Publishing could not go on; the message says what and where. ``current`` is unchanged
    unless the message says otherwise."""


@dataclass(frozen=True)
class Target:
    """Where a site is published: ``host`` (``"user@host"``, or ``None`` for this machine) and
    ``path`` (the ``DEST`` folder there)."""

    host: str | None
    path: str

    @classmethod
    def parse(cls, text: str) -> "Target":
        """``"user@host:/srv/loa"`` → remote; ``"/srv/loa"``, ``"./site"``, ``"C"`` → local.
        A ``:`` after a ``/`` is part of a local path, as rsync reads it. Raises
        :class:`PublishError` for an empty target or an empty remote path."""
        text = str(text).strip()
        if not text:
            raise PublishError("no target given; use --target /srv/loa or --target user@host:/srv/loa")
        match = re.match(r"^(?P<host>[^/:]+):(?P<path>.*)$", text)
        if match:
            if not match.group("path"):
                raise PublishError(f"{text}: give the folder on the server after ':', e.g. {text}/srv/loa")
            return cls(match.group("host"), match.group("path"))
        return cls(None, text)

    @property
    def is_remote(self) -> bool:
        return self.host is not None

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path


def release_name(now: datetime | None = None, taken=()) -> str:
    """A release folder name: UTC time ``YYYYMMDDTHHMMSSZ``, so names sort by time. The name
    always sorts after every name in ``taken`` (releases and ``.partial`` folders): when that
    second is taken, or the clock went back, it is the latest name with ``-01``, ``-02``… added."""
    now = now or datetime.now(timezone.utc)
    base = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    names = [n[: -len(PARTIAL)] if n.endswith(PARTIAL) else n for n in taken]
    latest = max((n for n in names if _NAME.match(n)), default="")
    if base > latest and not latest.startswith(base):
        return base
    stem, _, number = latest.partition("-")
    return f"{stem}-{int(number or 0) + 1:02d}"


def to_prune(names: list[str], current: str | None, keep: int) -> list[str]:
    """The complete releases to delete: all but the newest ``keep``, never ``current``."""
    if keep < 1:
        raise PublishError(f"keep must be at least 1, not {keep}")
    complete = sorted(n for n in names if _NAME.match(n))
    kept = set(complete[-keep:]) | ({current} if current else set())
    return [n for n in complete if n not in kept]


def previous_release(names: list[str], current: str | None) -> str:
    """The release before ``current`` (by time). Raises :class:`PublishError` when there is
    none."""
    complete = sorted(n for n in names if _NAME.match(n))
    earlier = [n for n in complete if current is None or n < current]
    if not earlier:
        raise PublishError("there is no earlier release to roll back to")
    return earlier[-1]


def verify_site(site_dir) -> list[str]:
    """Last checks on a built site before anything is uploaded: ``index.html`` at the top, no
    empty HTML page. Returns what is wrong (empty when nothing)."""
    site = Path(site_dir)
    wrong = []
    if not (site / "index.html").is_file():
        wrong.append(f"{site}/index.html is missing: the build did not write the language chooser")
    for page in sorted(site.rglob("*.html")):
        if page.stat().st_size == 0:
            wrong.append(f"{page.relative_to(site)} is empty")
    return wrong


# -- local targets ---------------------------------------------------------------------------
class _Local:
    def __init__(self, path: str):
        self.root = Path(path)
        self.releases_dir = self.root / RELEASES

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK

    @contextlib.contextmanager
    def lock(self, wait: float):
        """Hold ``DEST/.publish.lock`` (``flock``, exclusive), waiting at most ``wait`` seconds
        for another publish or rollback to let it go; then :class:`PublishError`."""
        import fcntl

        if not self.root.exists():
            self.root.mkdir(parents=True)
            os.chmod(self.root, DIR_MODE)
        with open(self.lock_path, "a") as file:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise PublishError(_locked(self.lock_path, wait)) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def state(self) -> tuple[list[str], str | None]:
        names = sorted(p.name for p in self.releases_dir.iterdir()) if self.releases_dir.is_dir() else []
        link = self.root / CURRENT
        if link.is_dir() and not link.is_symlink():
            raise PublishError(_current_is_a_folder(link))
        current = os.readlink(link).rstrip("/").rsplit("/", 1)[-1] if link.is_symlink() else None
        return names, current

    def upload(self, site_dir: Path, name: str, current: str | None) -> None:
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.releases_dir, DIR_MODE)
        for stale in self.releases_dir.glob(f"*{PARTIAL}"):
            shutil.rmtree(stale, ignore_errors=True)
        partial = self.releases_dir / (name + PARTIAL)
        shutil.copytree(site_dir, partial, copy_function=shutil.copy2, symlinks=False)
        readable_by_all(partial)
        os.rename(partial, self.releases_dir / name)
        _fsync_dir(self.releases_dir)

    def switch(self, name: str) -> None:
        if not (self.releases_dir / name).is_dir():
            raise PublishError(f"{self.releases_dir / name} does not exist")
        for stale in self.root.glob(f".{CURRENT}-*"):  # left by a publish killed mid-switch
            if stale.is_symlink():
                stale.unlink()
        temporary = self.root / f".{CURRENT}-{os.getpid()}"
        os.symlink(f"{RELEASES}/{name}", temporary)
        os.replace(temporary, self.root / CURRENT)
        _fsync_dir(self.root)

    def remove(self, names: list[str]) -> None:
        for name in names:
            shutil.rmtree(self.releases_dir / name, ignore_errors=True)


def readable_by_all(root: Path) -> None:
    """Set every folder under ``root`` (``root`` too) to 0755 and every file to 0644, whatever
    the umask of the build and the modes of the built files (``copy2`` copies those)."""
    os.chmod(root, DIR_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def _locked(where, wait: float) -> str:
    return (f"{where}: another publish or rollback holds this lock; waited {wait:g} s for it. "
            "Nothing was changed: run the command again when the other one has finished")


def _current_is_a_folder(where) -> str:
    return (f"{where} is a folder, not a link to a release, so publishing cannot switch it. "
            f"Nothing was changed: move it away (e.g. to {where}.old) and run the command again")


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` survive a power cut (the directory entry is flushed)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- remote targets (rsync over SSH) -----------------------------------------------------------
class _Remote:
    """Runs plain POSIX shell on the server over ``ssh`` and uploads with ``rsync``. Needs
    ``rsync`` on both ends, GNU ``mv -T`` (coreutils) and ``flock`` (util-linux) on the server
    (Debian and Ubuntu have both). ``run`` runs one command and returns its output (tests pass
    their own); ``popen`` starts the command that holds the lock."""

    def __init__(self, target: Target, ssh: str = "ssh", run=None, popen=None):
        self.target = target
        self.ssh = shlex.split(ssh)
        self.run = run or _run
        self.popen = popen or subprocess.Popen
        self.root = target.path.rstrip("/") or "/"

    @property
    def lock_path(self) -> str:
        return f"{self.target.host}:{self.root}/{LOCK}"

    def lock_command(self, wait: float) -> list[str]:
        """The command that takes ``DEST/.publish.lock`` on the server with ``flock -w`` (exit
        75 when another holder keeps it longer than ``wait`` seconds), says ``locked``, and
        keeps it until its standard input closes: when the publish ends or is killed."""
        r = shlex.quote(self.root)
        return self.shell(f"if [ ! -d {r} ]; then mkdir -p {r}; chmod {DIR_MODE:o} {r}; fi; "
                          f"exec flock {'-w ' + str(math.ceil(wait)) if wait > 0 else '-n'} -E 75 {r}/{LOCK} "
                          "sh -c 'echo locked; exec cat >/dev/null'")

    @contextlib.contextmanager
    def lock(self, wait: float):
        """Hold the server's ``DEST/.publish.lock`` while the block runs (see
        :meth:`lock_command`). Raises :class:`PublishError` naming the lock when it is held
        too long, or when the server cannot take it."""
        command = self.lock_command(wait)
        try:
            holder = self.popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        except FileNotFoundError as exc:
            raise PublishError(f"{command[0]} is not installed: {exc}") from None
        try:
            if holder.stdout.readline().strip() != "locked":
                holder.stdin.close()
                code = holder.wait()
                if code == 75:
                    raise PublishError(_locked(self.lock_path, wait))
                raise PublishError(f"{self.lock_path}: could not take the lock ({code}): "
                                   f"{holder.stderr.read().strip()[-500:]} (the server needs flock, "
                                   "from util-linux)")
            yield
        finally:
            if holder.stdin and not holder.stdin.closed:
                holder.stdin.close()
            try:
                holder.wait(timeout=30)
            except subprocess.TimeoutExpired:
                holder.kill()
                holder.wait()

    def shell(self, script: str) -> list[str]:
        """The command that runs ``script`` on the server (``set -e`` first)."""
        return [*self.ssh, self.target.host, f"set -e; {script}"]

    def state_command(self) -> list[str]:
        r = shlex.quote(self.root)
        folder = _current_is_a_folder(f"{self.target.host}:{self.root}/{CURRENT}")
        return self.shell(f"mkdir -p {r}/{RELEASES}; chmod {DIR_MODE:o} {r}/{RELEASES}; cd {r}; "
                          f"if [ -d {CURRENT} ] && [ ! -L {CURRENT} ]; then echo {shlex.quote(folder)} >&2; "
                          f"exit 3; fi; "
                          f"if [ -L {CURRENT} ]; then readlink {CURRENT}; fi; echo ---; ls -1 {RELEASES}")

    def upload_commands(self, site_dir: Path, name: str, current: str | None) -> list[list[str]]:
        r = shlex.quote(self.root)
        partial = f"{self.root}/{RELEASES}/{name}{PARTIAL}/"
        # -rlpD is -a without times, owner and group: every build writes every file anew, so
        # with times kept no file would ever match the current release. Compared by checksum,
        # an unchanged file becomes a hard link to the current release's copy (no upload, no
        # extra disk, and its Last-Modified/ETag stay the same for browsers' caches).
        # --chmod: readable by the web server whatever the modes of the built files.
        # --protect-args: the destination reaches the server through rsync's protocol, never
        # through the server's shell, with new and old (RSYNC_OLD_ARGS=1, rsync < 3.2.4)
        # argument handling alike: a `;` in the path stays a `;`.
        rsync = ["rsync", "-rlpD", f"--chmod=D{DIR_MODE:o},F{FILE_MODE:o}", "--protect-args", "--checksum",
                 "--delete", "-e", shlex.join(self.ssh)]
        if current:
            rsync.append(f"--link-dest=../{current}")
        rsync += [f"{site_dir}/", f"{self.target.host}:{partial}"]
        return [
            self.shell(f"cd {r}/{RELEASES}; for d in *{PARTIAL}; do [ -e \"$d\" ] && rm -rf -- \"$d\"; done; true"),
            rsync,
            self.shell(f"cd {r}/{RELEASES}; mv -T -- {shlex.quote(name + PARTIAL)} {shlex.quote(name)}; sync ."),
        ]

    def switch_command(self, name: str) -> list[str]:
        r = shlex.quote(self.root)
        link = shlex.quote(f"{RELEASES}/{name}")
        temporary = f".{CURRENT}-$$"
        return self.shell(f"cd {r}; [ -d {link} ]; rm -f .{CURRENT}-*; ln -sfn {link} {temporary}; "
                          f"mv -T -f {temporary} {CURRENT}; sync .")

    def remove_command(self, names: list[str]) -> list[str]:
        r = shlex.quote(self.root)
        return self.shell(f"cd {r}/{RELEASES}; rm -rf -- {' '.join(shlex.quote(n) for n in names)}")

    def state(self) -> tuple[list[str], str | None]:
        text = self.run(self.state_command())
        head, _, tail = text.partition("---\n")
        current = head.strip().rstrip("/").rsplit("/", 1)[-1] or None
        return [n for n in tail.split() if n], current

    def upload(self, site_dir: Path, name: str, current: str | None) -> None:
        for command in self.upload_commands(site_dir, name, current):
            self.run(command)

    def switch(self, name: str) -> None:
        self.run(self.switch_command(name))

    def remove(self, names: list[str]) -> None:
        if names:
            self.run(self.remove_command(names))


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise PublishError(f"{command[0]} is not installed: {exc}") from None
    if done.returncode != 0:
        raise PublishError(f"{shlex.join(command[:2])} … failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-500:]}")
    return done.stdout


def _place(target, ssh: str = "ssh"):
    target = target if isinstance(target, Target) else Target.parse(target)
    return _Remote(target, ssh) if target.is_remote else _Local(target.path)


# -- the three operations --------------------------------------------------------------------
def publish(site_dir, target, keep: int = KEEP, *, ssh: str = "ssh", lock_wait: float = LOCK_WAIT) -> str:
    """Upload the built site in ``site_dir`` as a new release of ``target`` (a local path or
    ``user@host:path``), switch ``current`` to it, and delete releases beyond the newest
    ``keep``. Returns the release name. Waits at most ``lock_wait`` seconds for another publish
    or rollback of the same target. Raises :class:`PublishError` (nothing switched) when
    ``site_dir`` fails :func:`verify_site`, the lock stays taken, ``DEST/current`` is a folder
    instead of a link, or the upload fails."""
    site_dir = Path(site_dir)
    wrong = verify_site(site_dir)
    if wrong:
        raise PublishError("not published: " + "; ".join(wrong))
    if keep < 1:
        raise PublishError(f"keep must be at least 1, not {keep}")
    place = _place(target, ssh)
    with place.lock(lock_wait):
        names, current = place.state()
        name = release_name(taken=set(names))
        place.upload(site_dir, name, current)
        place.switch(name)
        place.remove(to_prune(names + [name], name, keep))
    return name


def rollback(target, *, ssh: str = "ssh", lock_wait: float = LOCK_WAIT) -> str:
    """Point ``current`` at the release before the one it points to now. Returns that
    release's name. Raises :class:`PublishError` when there is no earlier release, or the lock
    stays taken longer than ``lock_wait`` seconds (as :func:`publish`)."""
    place = _place(target, ssh)
    with place.lock(lock_wait):
        names, current = place.state()
        name = previous_release(names, current)
        place.switch(name)
    return name


def releases(target, *, ssh: str = "ssh") -> list[tuple[str, bool]]:
    """The complete releases of ``target``, oldest first, as ``(name, is_current)``."""
    names, current = _place(target, ssh).state()
    return [(n, n == current) for n in sorted(names) if _NAME.match(n)]


def build_and_publish(settings_file, target, *, keep: int = KEEP, overrides: dict | None = None,
                      allow_warnings: bool = False, ssh: str = "ssh", report=print) -> str:
    """``invoke publish``: build with ``settings_file`` (publishconf.py) into a temporary folder,
    stop on any problem (warnings too, unless ``allow_warnings``), precompress, and
    :func:`publish`. Raises :class:`~loa.problems.ProblemsFound` or :class:`PublishError`;
    either way nothing was uploaded unless the message says so."""
    from loa.build import build
    from loa.precompress import precompress

    work = Path(tempfile.mkdtemp(prefix="loa-publish-"))
    os.chmod(work, DIR_MODE)  # mkdtemp makes it 0700
    try:
        result = build(settings_file, work / "site", overrides=overrides)
        if result.warnings and not allow_warnings:
            raise ProblemsFound([_as_error(w) for w in result.warnings])
        for warning in result.warnings:
            report(warning)
        report(result.summary().splitlines()[0])
        packed = precompress(work / "site")
        report(f"Precompressed {len(packed.written)} files "
               f"({packed.original_bytes:,} B of text, {packed.smallest_bytes:,} B as served compressed).")
        name = publish(work / "site", target, keep, ssh=ssh)
        report(f"Published release {name} to {target}; {target}/current now points to it.")
        return name
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _as_error(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, problem.message,
                   (problem.hint + "; " if problem.hint else "") + "publishing stops on warnings too "
                   "(invoke publish --allow-warnings to publish anyway)")


def publish_settings(settings_file, target: str = "", keep: int = 0) -> tuple[str, int]:
    """The target and number of releases to keep: the given values, else ``LOA_PUBLISH_TARGET``
    and ``LOA_PUBLISH_KEEP`` from ``settings_file``, else no target (an error) and
    :data:`KEEP`. Raises :class:`PublishError` when no target is known."""
    if not target or not keep:
        from pelican.settings import read_settings

        settings = read_settings(str(settings_file))
        target = target or str(settings.get("LOA_PUBLISH_TARGET") or "")
        keep = keep or int(settings.get("LOA_PUBLISH_KEEP") or KEEP)
    if not target:
        raise PublishError("no target: run invoke publish --target /srv/loa (or user@host:/srv/loa), "
                           "or set LOA_PUBLISH_TARGET in publishconf.py")
    return target, keep
