"""invoke publish: releases, an atomic switch of `current`, rollback, and nothing half-done."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from loa import publish as pub
from loa.problems import ProblemsFound

ROOT = Path(__file__).resolve().parent.parent


def make_built(tmp_path: Path, marker: str, files: int = 3) -> Path:
    """A tiny stand-in for a built site whose every page carries ``marker``."""
    site = tmp_path / f"built-{marker}"
    (site / "vi").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(f"<p>{marker}</p>" * 50, encoding="utf-8")
    for n in range(files):
        (site / "vi" / f"p{n}.html").write_text(f"<p>{marker} {n}</p>", encoding="utf-8")
    return site


def served(dest: Path) -> str:
    return (dest / "current" / "index.html").read_text(encoding="utf-8")[:40]


def test_publishing_makes_a_release_and_points_current_at_it(tmp_path):
    dest = tmp_path / "dest"
    first = pub.publish(make_built(tmp_path, "one"), dest)
    assert os.readlink(dest / "current") == f"releases/{first}"
    assert "one" in served(dest)
    second = pub.publish(make_built(tmp_path, "two"), dest)
    assert second > first
    assert "two" in served(dest)
    assert pub.releases(dest) == [(first, False), (second, True)]
    assert not list((dest / "releases").glob("*.partial"))


def test_rollback_points_current_at_the_previous_release_and_stops_at_the_first(tmp_path):
    dest = tmp_path / "dest"
    first = pub.publish(make_built(tmp_path, "one"), dest)
    pub.publish(make_built(tmp_path, "two"), dest)
    assert pub.rollback(dest) == first
    assert "one" in served(dest)
    with pytest.raises(pub.PublishError, match="no earlier release"):
        pub.rollback(dest)
    assert "one" in served(dest)


def test_a_publish_killed_between_link_and_rename_leaves_nothing_behind_next_time(tmp_path):
    dest = tmp_path / "dest"
    first = pub.publish(make_built(tmp_path, "one"), dest)
    os.symlink(f"releases/{first}", dest / ".current-99999")  # as a kill at that moment leaves it
    pub.publish(make_built(tmp_path, "two"), dest)
    assert not list(dest.glob(".current-*"))
    assert "two" in served(dest)


def test_only_the_newest_releases_are_kept(tmp_path):
    dest = tmp_path / "dest"
    names = [pub.publish(make_built(tmp_path, f"m{n}"), dest, keep=2) for n in range(4)]
    assert len(set(names)) == 4, "two publishes in one second need different names"
    assert [n for n, _ in pub.releases(dest)] == names[-2:]
    assert "m3" in served(dest)


def test_pruning_never_removes_the_release_current_points_to():
    assert pub.to_prune(["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"],
                        "20260101T000000Z", 1) == ["20260102T000000Z"]


def test_release_names_sort_by_utc_time_and_stay_unique():
    when = datetime(2026, 11, 29, 14, 25, 30, tzinfo=timezone.utc)
    assert pub.release_name(when) == "20261129T142530Z"
    assert pub.release_name(when, {"20261129T142530Z"}) == "20261129T142530Z-01"
    assert pub.release_name(when, {"20261129T142530Z", "20261129T142530Z-01.partial"}) == "20261129T142530Z-02"
    assert pub.release_name(when, {"20261130T000000Z"}) == "20261130T000000Z-01", "the clock went back"


def test_readers_never_see_a_missing_or_half_site_while_current_switches(tmp_path):
    dest = tmp_path / "dest"
    pub.publish(make_built(tmp_path, "start"), dest)
    sites = [make_built(tmp_path, f"s{n}") for n in range(8)]
    failures, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                text = served(dest)
                if not text.startswith("<p>"):
                    failures.append(text)
            except OSError as exc:
                failures.append(repr(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for site in sites:
            pub.publish(site, dest, keep=3)
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert "s7" in served(dest)


def test_a_failure_during_the_upload_leaves_current_on_the_old_release(tmp_path, monkeypatch):
    dest = tmp_path / "dest"
    old = pub.publish(make_built(tmp_path, "old"), dest)
    copied = []
    real_copy = shutil.copy2

    def failing_copy(src, dst, **kwargs):
        if len(copied) == 2:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(Exception):
        pub.publish(make_built(tmp_path, "new"), dest)
    monkeypatch.undo()
    assert os.readlink(dest / "current") == f"releases/{old}"
    assert "old" in served(dest)
    assert [n for n, _ in pub.releases(dest)] == [old]
    newer = pub.publish(make_built(tmp_path, "new"), dest)
    assert "new" in served(dest) and newer != old
    assert not list((dest / "releases").glob("*.partial")), "the next publish clears the leftovers"


def test_a_publish_killed_mid_upload_leaves_current_on_a_complete_release(tmp_path):
    dest = tmp_path / "dest"
    old = pub.publish(make_built(tmp_path, "old"), dest)
    new_site = make_built(tmp_path, "new", files=200)
    script = textwrap.dedent(f"""
        import shutil, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from loa import publish
        real = shutil.copy2
        def slow(src, dst, **kw):
            time.sleep(0.01)
            return real(src, dst, **kw)
        shutil.copy2 = slow
        publish.publish({str(new_site)!r}, {str(dest)!r})
    """)
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            partial = list((dest / "releases").glob("*.partial"))
            if partial and len(list((partial[0] / "vi").glob("*.html"))) >= 20:
                break
            time.sleep(0.01)
        else:
            pytest.fail("the upload never started")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert os.readlink(dest / "current") == f"releases/{old}"
    assert "old" in served(dest)
    assert [n for n, _ in pub.releases(dest)] == [old]


def test_a_failing_check_uploads_nothing(site, tmp_path):
    dest = tmp_path / "dest"
    site.write("pages/hmn/trang-chu.md", "title: Nplooj\nlang: en\n\nx\n")
    with pytest.raises(ProblemsFound) as caught:
        pub.build_and_publish(ROOT / "publishconf.py", dest, overrides=site.overrides(), report=lambda *a: None)
    assert any("lang 'en' does not match" in p.message for p in caught.value.problems)
    assert not dest.exists()   # the check fails before anything is made at the target


def test_a_warning_stops_publishing_unless_allowed(site, tmp_path, monkeypatch):
    import loa.build

    dest = tmp_path / "dest"
    monkeypatch.setattr(loa.build, "check_links", lambda built, model, site_url="": model.problems.warn(
        site.content / "pages/vi/viec-nhe-luong-cao.md", 3, "a warning for this test"))
    with pytest.raises(ProblemsFound) as caught:
        pub.build_and_publish(ROOT / "publishconf.py", dest, overrides=site.overrides(), report=lambda *a: None)
    assert all(p.severity == "error" for p in caught.value.problems)
    assert not (dest / "current").exists()
    name = pub.build_and_publish(ROOT / "publishconf.py", dest, overrides=site.overrides(),
                                 allow_warnings=True, report=lambda *a: None)
    assert os.readlink(dest / "current") == f"releases/{name}"


def test_a_production_publish_uploads_the_precompressed_site_and_offline_copies(site, tmp_path):
    dest = tmp_path / "dest"
    lines = []
    pub.build_and_publish(ROOT / "publishconf.py", dest, overrides=site.overrides(), report=lines.append)
    current = dest / "current"
    assert (current / "hmn" / "index.html").is_file()
    assert (current / "hmn" / "index.html.gz").is_file() and (current / "hmn" / "index.html.br").is_file()
    assert (current / "offline" / "loa-hmn.html").is_file()
    assert (current / "offline" / "loa-all.zip").is_file()
    assert 'href="https://' in (current / "hmn" / "index.html").read_text(encoding="utf-8")
    assert any("Published release" in str(line) for line in lines)


def test_an_empty_site_is_not_published(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(pub.PublishError, match="index.html is missing"):
        pub.publish(tmp_path / "empty", tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


# -- remote targets -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, host, path", [
    ("deploy@loa.example:/srv/loa", "deploy@loa.example", "/srv/loa"),
    ("loa.example:srv/loa", "loa.example", "srv/loa"),
    ("/srv/loa", None, "/srv/loa"),
    ("./out/with:colon", None, "./out/with:colon"),
    ("site", None, "site"),
])
def test_targets_are_a_folder_or_user_at_host_colon_path(text, host, path):
    target = pub.Target.parse(text)
    assert (target.host, target.path) == (host, path)


def test_remote_commands_upload_to_a_partial_folder_then_rename_then_switch(tmp_path):
    remote = pub._Remote(pub.Target.parse("deploy@loa.example:/srv/my loa"), ssh="ssh -p 2222")
    clean, rsync, finish = remote.upload_commands(tmp_path, "20261129T142530Z", "20261128T090000Z")
    assert clean[:4] == ["ssh", "-p", "2222", "deploy@loa.example"]
    assert rsync[:2] == ["rsync", "-rlpD"]
    assert {"--checksum", "--delete", "--chmod=D755,F644", "--protect-args"} <= set(rsync)
    assert rsync[rsync.index("-e") + 1] == "ssh -p 2222"
    assert "--link-dest=../20261128T090000Z" in rsync
    assert rsync[-2:] == [f"{tmp_path}/", "deploy@loa.example:/srv/my loa/releases/20261129T142530Z.partial/"]
    assert "cd '/srv/my loa'/releases" in finish[-1]
    assert "mv -T -- 20261129T142530Z.partial 20261129T142530Z" in finish[-1]
    switch = remote.switch_command("20261129T142530Z")[-1]
    assert "ln -sfn releases/20261129T142530Z .current-$$" in switch
    assert switch.index("ln -sfn") < switch.index("mv -T -f .current-$$ current")
    assert switch.startswith("set -e;")


FAKE_SSH = """#!/bin/sh
# Stands in for ssh: skips options and the host, runs the command on this machine.
while [ $# -gt 0 ]; do
  case "$1" in
    -l|-p|-i|-o|-F) shift 2;;
    -*) shift;;
    *) break;;
  esac
done
shift
exec sh -c "$*"
"""


def test_the_remote_sequence_works_over_rsync_and_a_shell(tmp_path):
    fake = fake_ssh(tmp_path)
    dest = tmp_path / "server" / "srv loa"
    target = f"deploy@server:{dest}"
    first = pub.publish(make_built(tmp_path, "one"), target, ssh=str(fake))
    second = pub.publish(make_built(tmp_path, "two"), target, ssh=str(fake), keep=1)
    assert os.readlink(dest / "current") == f"releases/{second}"
    assert "two" in served(dest)
    assert pub.releases(target, ssh=str(fake)) == [(second, True)]
    assert not (dest / "releases" / first).exists()
    time.sleep(1.1)  # a new build: same text, newer files
    third = pub.publish(make_built(tmp_path, "two"), target, ssh=str(fake))
    same = dest / "releases" / third / "vi" / "p0.html"
    assert same.stat().st_nlink == 2, "an unchanged file is hard-linked, not sent again"
    assert pub.rollback(target, ssh=str(fake)) == second
    assert os.readlink(dest / "current") == f"releases/{second}"


# -- one publish at a time ----------------------------------------------------------------------
def slow_publish_script(site: Path, dest: Path, delay: float = 0.01, lock_wait: float = 60) -> str:
    """Python for a separate process that publishes ``site`` to ``dest``, each file copy slowed
    by ``delay`` seconds, and prints the release name."""
    return textwrap.dedent(f"""
        import shutil, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from loa import publish
        real = shutil.copy2
        def slow(src, dst, **kw):
            time.sleep({delay})
            return real(src, dst, **kw)
        shutil.copy2 = slow
        print(publish.publish({str(site)!r}, {str(dest)!r}, lock_wait={lock_wait}))
    """)


def test_a_second_publish_at_the_same_time_waits_and_both_releases_are_complete(tmp_path):
    dest = tmp_path / "dest"
    pub.publish(make_built(tmp_path, "start"), dest)
    first_site, second_site = make_built(tmp_path, "first", files=150), make_built(tmp_path, "second", files=150)
    failures, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                release = (dest / "current").resolve()
                if len(list((release / "vi").iterdir())) not in (3, 150):
                    failures.append(f"{release.name} is incomplete")
            except OSError as exc:
                failures.append(repr(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        first = subprocess.Popen([sys.executable, "-c", slow_publish_script(first_site, dest)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while not list((dest / "releases").glob("*.partial")):
            assert time.monotonic() < deadline, "the first upload never started"
            time.sleep(0.01)
        second = subprocess.Popen([sys.executable, "-c", slow_publish_script(second_site, dest, 0.0)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first_out, first_err = first.communicate(timeout=60)
        second_out, second_err = second.communicate(timeout=60)
    finally:
        stop.set()
        reader.join()
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    first_name, second_name = first_out.strip(), second_out.strip()
    assert first_name < second_name, "the second took its name after the first had finished"
    for name in (first_name, second_name):
        assert len(list((dest / "releases" / name / "vi").iterdir())) == 150
    assert os.readlink(dest / "current") == f"releases/{second_name}"
    assert failures == []


def test_a_publish_kept_waiting_too_long_stops_and_names_the_lock(tmp_path):
    import fcntl

    dest = tmp_path / "dest"
    old = pub.publish(make_built(tmp_path, "old"), dest)
    with open(dest / ".publish.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(pub.PublishError) as caught:
            pub.publish(make_built(tmp_path, "new"), dest, lock_wait=0.5)
        waited = time.monotonic() - started
        with pytest.raises(pub.PublishError, match=r"\.publish\.lock"):
            pub.rollback(dest, lock_wait=0)
    assert f"{dest}/.publish.lock: another publish or rollback holds this lock" in str(caught.value)
    assert 0.5 <= waited < 5
    assert [n for n, _ in pub.releases(dest)] == [old]


def test_a_remote_publish_waits_for_the_servers_lock_and_names_it_when_kept_waiting(tmp_path):
    import fcntl

    fake = fake_ssh(tmp_path)
    dest = tmp_path / "server" / "srv loa"
    target = f"deploy@server:{dest}"
    old = pub.publish(make_built(tmp_path, "old"), target, ssh=str(fake))
    with open(dest / ".publish.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(pub.PublishError) as caught:
            pub.publish(make_built(tmp_path, "new"), target, ssh=str(fake), lock_wait=1)
        with pytest.raises(pub.PublishError, match=r"srv loa/\.publish\.lock: another publish"):
            pub.rollback(target, ssh=str(fake), lock_wait=0)
        releaser = threading.Timer(0.5, lambda: fcntl.flock(held, fcntl.LOCK_UN))
        releaser.start()
        newer = pub.publish(make_built(tmp_path, "new"), target, ssh=str(fake), lock_wait=10)
        releaser.join()
    assert f"deploy@server:{dest}/.publish.lock: another publish or rollback holds this lock" in str(caught.value)
    assert [n for n, _ in pub.releases(target, ssh=str(fake))] == [old, newer]
    assert "new" in served(dest)


def test_the_server_lock_waits_whole_seconds_and_not_at_all_when_told_so():
    remote = pub._Remote(pub.Target.parse("deploy@loa.example:/srv/my loa"))
    assert "flock -w 2 -E 75 '/srv/my loa'/.publish.lock sh -c" in remote.lock_command(1.5)[-1]
    assert "flock -n -E 75 '/srv/my loa'/.publish.lock sh -c" in remote.lock_command(0)[-1]
    assert remote.lock_path == "deploy@loa.example:/srv/my loa/.publish.lock"


def test_two_remote_publishes_at_once_both_finish_one_after_the_other(tmp_path):
    fake = fake_ssh(tmp_path)
    dest = tmp_path / "server" / "srv"
    target = f"deploy@server:{dest}"
    sites = [make_built(tmp_path, f"r{n}", files=100) for n in range(2)]
    names, errors = [], []

    def run(site):
        try:
            names.append(pub.publish(site, target, ssh=str(fake)))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(site,)) for site in sites]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(n for n, _ in pub.releases(target, ssh=str(fake))) == sorted(names)
    for name in names:
        assert len(list((dest / "releases" / name / "vi").iterdir())) == 100
    assert os.readlink(dest / "current") == f"releases/{max(names)}"


def test_a_current_that_is_a_folder_stops_a_local_publish_with_a_clear_message(tmp_path):
    dest = tmp_path / "dest"
    (dest / "current").mkdir(parents=True)
    (dest / "current" / "index.html").write_text("hand-made")
    with pytest.raises(pub.PublishError, match=r"current is a folder, not a link to a release") as caught:
        pub.publish(make_built(tmp_path, "new"), dest)
    assert "move it away" in str(caught.value)
    with pytest.raises(pub.PublishError, match="is a folder"):
        pub.rollback(dest)
    assert (dest / "current" / "index.html").read_text() == "hand-made"
    assert not (dest / "releases").exists()
    assert not list(dest.glob(".current-*"))


def test_a_current_that_is_a_folder_stops_a_remote_publish_before_the_upload(tmp_path):
    fake = fake_ssh(tmp_path)
    dest = tmp_path / "server" / "srv"
    (dest / "current").mkdir(parents=True)
    with pytest.raises(pub.PublishError, match=r"srv/current is a folder, not a link to a release"):
        pub.publish(make_built(tmp_path, "new"), f"deploy@server:{dest}", ssh=str(fake))
    assert list((dest / "releases").iterdir()) == []


# -- releases readable by the web server --------------------------------------------------------
def modes(release: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat_mode(p)) for p in [release, *release.rglob("*")]}


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def private_site(tmp_path: Path, marker: str) -> Path:
    """A built site as a umask of 077 leaves it: folders 0700, files 0600 (and one 0666 file,
    as a umask of 000 leaves them)."""
    site = make_built(tmp_path, marker)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    (site / "vi" / "p0.html").chmod(0o666)
    return site


def test_a_local_release_is_readable_by_everyone_whatever_the_built_modes(tmp_path):
    dest = tmp_path / "dest"
    old_umask = os.umask(0o077)
    try:
        name = pub.publish(private_site(tmp_path, "one"), dest)
    finally:
        os.umask(old_umask)
    assert modes(dest / "releases" / name) == {("dir", 0o755), ("file", 0o644)}
    assert stat_mode(dest / "releases") == 0o755
    assert stat_mode(dest) == 0o755


def test_a_remote_release_is_readable_by_everyone_whatever_the_built_modes(tmp_path):
    fake = fake_ssh(tmp_path)
    dest = tmp_path / "server" / "srv"
    name = pub.publish(private_site(tmp_path, "one"), f"deploy@server:{dest}", ssh=str(fake))
    assert modes(dest / "releases" / name) == {("dir", 0o755), ("file", 0o644)}
    assert stat_mode(dest / "releases") == 0o755


class _Stop(Exception):
    pass


def test_the_build_and_publish_staging_folders_are_readable_by_everyone(tmp_path, monkeypatch):
    import loa.build

    seen = []

    def record_staging(settings_file, staging, *args, **kwargs):
        seen.append(("build staging", stat_mode(Path(staging))))
        raise _Stop

    def record_work(settings_file, output, **kwargs):
        seen.append(("publish work", stat_mode(Path(output).parent)))
        raise _Stop

    old_umask = os.umask(0o077)
    try:
        monkeypatch.setattr(loa.build, "_settings", record_staging)
        with pytest.raises(_Stop):
            loa.build.build(ROOT / "pelicanconf.py", tmp_path / "output")
        monkeypatch.setattr(loa.build, "build", record_work)
        with pytest.raises(_Stop):
            pub.build_and_publish(ROOT / "publishconf.py", tmp_path / "dest", report=lambda *a: None)
    finally:
        os.umask(old_umask)
    assert seen == [("build staging", 0o755), ("publish work", 0o755)]


# -- the rsync destination never reaches a shell ------------------------------------------------
def fake_ssh(tmp_path: Path) -> Path:
    fake = tmp_path / "fake-ssh"
    if not fake.exists():
        fake.write_text(FAKE_SSH)
        fake.chmod(0o755)
    return fake


@pytest.mark.parametrize("old_args", ["1", ""])
def test_a_remote_path_with_a_semicolon_is_a_folder_name_with_old_and_new_rsync_arguments(
        tmp_path, monkeypatch, old_args):
    fake = fake_ssh(tmp_path)
    marker = tmp_path / "pwned"
    server = tmp_path / "server"
    server.mkdir()
    if old_args:
        monkeypatch.setenv("RSYNC_OLD_ARGS", old_args)
    else:
        monkeypatch.delenv("RSYNC_OLD_ARGS", raising=False)
    dest = f"{server}/o2;touch {marker};#"
    name = pub.publish(make_built(tmp_path, "semi"), f"deploy@server:{dest}", ssh=str(fake))
    assert not marker.exists()
    assert (Path(dest) / "releases" / name / "index.html").is_file()
    assert os.readlink(Path(dest) / "current") == f"releases/{name}"
