"""tasks.py: the thin layer of invoke commands (test and publish)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import tasks

ROOT = Path(__file__).resolve().parent.parent


def test_the_pytest_command_keeps_each_option_one_argument():
    assert tasks.pytest_command()[1:] == ["-m", "pytest", "-q"]
    assert tasks.pytest_command(browser=False, k="offline and not zip")[1:] == [
        "-m", "pytest", "-q", "-m", "not browser", "-k", "offline and not zip"]
    assert tasks.pytest_command(k="x; touch y #")[-2:] == ["-k", "x; touch y #"]


def test_invoke_test_is_the_test_collections_default_beside_update_golden():
    collection = tasks.ns.collections["test"]
    assert collection.default == "run"
    assert sorted(collection.tasks) == ["run", "update-golden"]


def invoke_test(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "test", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_invoke_test_hands_k_to_pytest_as_one_argument_never_to_a_shell(tmp_path):
    marker = tmp_path / "pwned"
    done = invoke_test("--no-browser", "-k", f"zz_no_such_test_zz; touch {marker} #")
    output = done.stdout + done.stderr
    assert not marker.exists()
    assert f"Wrong expression passed to '-k': zz_no_such_test_zz; touch {marker} #" in output
    assert done.returncode == 4, output  # pytest's usage error, from pytest itself


def test_invoke_test_no_browser_leaves_the_browser_tests_out():
    done = invoke_test("--no-browser", "-k", "zz_no_such_test_zz")
    output = done.stdout + done.stderr
    assert "file or directory not found" not in output
    assert "deselected" in output
    assert done.returncode == 5, output  # pytest's "no tests ran": the expression matched nothing


def invoke_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=folder, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_invoke_nginx_headers_writes_the_generated_file_and_check_reports_a_stale_one(tmp_path):
    from loa.theme.security import nginx_headers_conf

    (tmp_path / "deploy" / "nginx").mkdir(parents=True)
    shutil.copy2(ROOT / "tasks.py", tmp_path / "tasks.py")
    headers = tmp_path / "deploy" / "nginx" / "loa-headers.conf"
    headers.write_text('add_header Content-Security-Policy "script-src \'self\'" always;\n')
    stale = invoke_in(tmp_path, "nginx-headers", "--check")
    assert stale.returncode == 1
    assert "deploy/nginx/loa-headers.conf differs from loa/theme/security.py" in stale.stdout
    written = invoke_in(tmp_path, "nginx-headers")
    assert written.returncode == 0, written.stderr
    assert headers.read_text(encoding="utf-8") == nginx_headers_conf()
    assert invoke_in(tmp_path, "nginx-headers", "--check").returncode == 0
