"""deploy/nginx served by Debian's real nginx: precompressed files, caching, headers, TLS.

nginx runs as on Debian: the master as root, the worker as the unprivileged ``www-data``. So
every release is published under a folder everyone may enter (as ``/srv`` is), not under
pytest's private temporary folder.
"""
from __future__ import annotations

import collections
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from loa import publish as pub
from loa.precompress import precompress
from loa.theme import security
from tests.conftest import make_site

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (scripts/setup.sh)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WORKER = "www-data"   # Debian's nginx worker user


@pytest.fixture(scope="module")
def public_tmp():
    """A temporary folder under /tmp that every user may enter (mode 0755), like ``/srv``."""
    folder = Path(tempfile.mkdtemp(prefix="loa-nginx-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def public_folder(public_tmp: Path, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=name + "-", dir=public_tmp))
    folder.chmod(0o755)
    return folder


def nginx_conf(prefix: Path, servers: str) -> Path:
    """A whole nginx.conf under ``prefix`` around ``servers``, with the snippets where the
    production config includes them from (``snippets/`` beside the main file). The worker
    runs as ``www-data``."""
    assert BROTLI_MODULE.exists(), "libnginx-mod-http-brotli-static is missing (scripts/setup.sh)"
    (prefix / "snippets").mkdir(parents=True, exist_ok=True)
    for name in ("loa-site.conf", "loa-headers.conf"):
        (prefix / "snippets" / name).symlink_to(DEPLOY / name)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp-{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(f"""
load_module {BROTLI_MODULE};
user {WORKER};
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temp}
{servers}
}}
""")
    return conf


class Nginx:
    def __init__(self, prefix: Path, conf: Path, ports: list[int]):
        self.prefix = prefix
        check = subprocess.run([str(NGINX), "-t", "-p", str(prefix), "-c", str(conf)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        for port in ports:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.stop()
                        pytest.fail(f"nginx did not start: {(prefix / 'error.log').read_text()}")
                    time.sleep(0.05)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def published(built_site, public_tmp):
    """The fixture site, precompressed and published to a local DEST, plus a hashed asset,
    a plain image and a PDF as other plugins would write them."""
    work = public_folder(public_tmp, "nginx-site")
    site = work / "site"
    shutil.copytree(built_site.output, site)
    (site / "assets").mkdir()
    (site / "assets" / "tai-viet.0123abcd.css").write_text("body{color:#111}" * 40)
    (site / "images").mkdir(exist_ok=True)
    (site / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    precompress(site)
    dest = work / "dest"
    pub.publish(site, dest)
    return site, dest


def production_symlink_rule(dest: Path) -> str:
    """loa.conf's own ``disable_symlinks`` line, for ``dest`` instead of /srv/loa."""
    line = next(line.strip() for line in (DEPLOY / "loa.conf").read_text().splitlines()
                if line.strip().startswith("disable_symlinks"))
    return line.replace("/srv/loa/current", f"{dest}/current")


def site_server(prefix: Path, dest: Path) -> tuple["Nginx", int]:
    """nginx serving ``dest/current`` with loa-site.conf, and loa.conf's symlink rule, on a
    free loopback port."""
    port = free_port()
    conf = nginx_conf(prefix, f"""
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {dest}/current;
        {production_symlink_rule(dest)}
        include snippets/loa-site.conf;
    }}""")
    return Nginx(prefix, conf, [port]), port


@pytest.fixture(scope="module")
def server(published, public_tmp):
    site, dest = published
    nginx, port = site_server(public_folder(public_tmp, "nginx"), dest)
    yield port, site, dest
    nginx.stop()
    assert nginx.process.returncode is not None


def get(port: int, path: str, encoding: str | None = None, host: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    if host:
        headers["Host"] = host
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_a_page_without_accept_encoding_is_the_plain_file_with_loas_headers(server):
    port, site, _ = server
    response, body = get(port, "/hmn/index.html")
    assert response.status == 200
    assert body == (site / "hmn" / "index.html").read_bytes()
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "public, max-age=300"
    csp = response.getheader("Content-Security-Policy")
    assert "frame-ancestors 'none'" in csp and "img-src 'self' data:" in csp
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_gzip_is_served_from_the_precompressed_file(server):
    port, site, _ = server
    response, body = get(port, "/hmn/index.html", "gzip")
    assert response.getheader("Content-Encoding") == "gzip"
    assert body == (site / "hmn" / "index.html.gz").read_bytes()
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    assert response.getheader("Content-Security-Policy")


def test_brotli_is_served_from_the_precompressed_file(server):
    port, site, _ = server
    response, body = get(port, "/vi/noi-nhan-giup-do.html", "br, gzip")
    assert response.getheader("Content-Encoding") == "br"
    assert body == (site / "vi" / "noi-nhan-giup-do.html.br").read_bytes()


def test_the_root_serves_the_language_chooser_and_feeds_have_their_type(server):
    port, site, _ = server
    response, body = get(port, "/")
    assert response.status == 200 and body == (site / "index.html").read_bytes()
    response, _ = get(port, "/vi/feed.atom")
    assert response.getheader("Content-Type").startswith("application/atom+xml")


def test_hashed_assets_are_cached_for_a_year_other_files_for_a_day(server):
    port, _, _ = server
    response, _ = get(port, "/assets/tai-viet.0123abcd.css")
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    response, _ = get(port, "/images/map.png")
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    assert response.getheader("Referrer-Policy") == "no-referrer"


def test_offline_copies_are_downloads(server):
    port, site, _ = server
    response, body = get(port, "/offline/loa-hmn.html")
    assert response.status == 200 and body == (site / "offline" / "loa-hmn.html").read_bytes()
    assert response.getheader("Content-Disposition") == "attachment"
    response, body = get(port, "/offline/loa-all.zip")
    assert response.getheader("Content-Type") == "application/zip" and body[:2] == b"PK"


def test_a_missing_page_is_404_with_the_headers(server):
    port, _, _ = server
    response, _ = get(port, "/hmn/nope.html")
    assert response.status == 404
    assert response.getheader("Content-Security-Policy")


def test_a_new_publish_and_a_rollback_are_served_at_once(server, tmp_path):
    port, site, dest = server
    changed = tmp_path / "site"
    shutil.copytree(site, changed)
    (changed / "index.html").write_text("<p>new release</p>")
    for stale in changed.glob("index.html.*"):
        stale.unlink()
    pub.publish(changed, dest)
    assert get(port, "/")[1] == b"<p>new release</p>"
    pub.rollback(dest)
    assert get(port, "/")[1] == (site / "index.html").read_bytes()


def test_the_production_config_speaks_tls_1_2_and_1_3_and_redirects_http(published, public_tmp):
    _, dest = published
    tmp_path = public_folder(public_tmp, "production")
    http_port, https_port = free_port(), free_port()
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    production = (DEPLOY / "loa.conf").read_text()
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("listen [::]:443 ssl http2;", ""), ("/etc/ssl/loa/fullchain.pem", str(cert)),
                     ("/etc/ssl/loa/privkey.pem", str(key)), ("/srv/loa/current", f"{dest}/current")):
        assert old in production, old
        production = production.replace(old, new)
    nginx = Nginx(tmp_path, nginx_conf(tmp_path, production), [http_port, https_port])
    try:
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.minimum_version = context.maximum_version = version
            connection = http.client.HTTPSConnection("127.0.0.1", https_port, context=context, timeout=5)
            connection.request("GET", "/vi/index.html", headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            assert connection.sock.version() == {"TLSv1_2": "TLSv1.2", "TLSv1_3": "TLSv1.3"}[version.name]
            connection.close()
            assert response.status == 200
            assert response.getheader("Content-Encoding") == "gzip"
            assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
        response, _ = get(http_port, "/vi/index.html")
        assert response.status == 301
        assert response.getheader("Location") == "https://loa.example.vn/vi/index.html"
        response, body = get(http_port, "/x?y", host="evil.example")
        assert response.status == 301
        assert response.getheader("Location") == "https://loa.example.vn/x?y", "never the Host a request claims"
        assert response.getheader("Server") == "nginx" and b"nginx/" not in body
    finally:
        nginx.stop()


# -- one policy for the page and the server (quick exit, docs/quick-exit.md) --------------------
META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')


def test_the_committed_nginx_headers_are_the_ones_generated_from_the_pages_policy():
    assert (DEPLOY / "loa-headers.conf").read_text(encoding="utf-8") == security.nginx_headers_conf(), \
        "run invoke nginx-headers"


def test_the_server_sends_the_pages_own_policy_with_the_quick_exit_hash(server):
    port, _, _ = server
    for path in ("/", "/vi/index.html", "/hmn/noi-nhan-giup-do.html"):
        response, body = get(port, path)
        meta = META_CSP.search(body.decode("utf-8")).group(1)
        assert meta == security.site_policy()
        assert response.getheader("Content-Security-Policy") == meta + "; frame-ancestors 'none'"
        assert security.script_hash(security.QUICK_EXIT_JS) in meta


# -- hardening (security review L4) -------------------------------------------------------------
def test_the_server_does_not_tell_its_version(server):
    port, _, _ = server
    for path in ("/vi/index.html", "/nope.html"):
        response, body = get(port, path)
        assert response.getheader("Server") == "nginx"
        assert b"nginx/" not in body


def test_every_answer_carries_a_permissions_policy(server):
    port, _, _ = server
    for path in ("/vi/index.html", "/images/map.png", "/offline/loa-vi.html", "/nope.html"):
        response, _ = get(port, path)
        assert response.getheader("Permissions-Policy") == security.PERMISSIONS_POLICY
        assert "camera=()" in response.getheader("Permissions-Policy")


@pytest.fixture
def planted(server):
    """Files a release should never hold, put into the live one for a test and taken out again:
    dotfiles, and symlinks leading out of the release."""
    port, _, dest = server
    release = (dest / "current").resolve()
    made = [release / ".git", release / ".env", release / "vi" / ".htpasswd", release / "leak.txt",
            release / "etcdir", release / "vi" / "inside.html"]
    (release / ".git").mkdir()
    (release / ".git" / "config").write_text("[remote]\n")
    (release / ".env").write_text("SECRET=1\n")
    (release / "vi" / ".htpasswd").write_text("user:hash\n")
    for path in (release / ".git", release / ".git" / "config", release / ".env", release / "vi" / ".htpasswd"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (release / "leak.txt").symlink_to("/etc/passwd")
    (release / "etcdir").symlink_to("/etc")
    (release / "vi" / "inside.html").symlink_to(release / "vi" / "index.html")
    yield port
    for path in made:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)


def test_dotfiles_in_a_release_are_not_served(planted):
    for path in ("/.git/config", "/.env", "/vi/.htpasswd", "/.git/", "/vi/%2Ehtpasswd"):
        response, body = get(planted, path)
        assert response.status == 404, path
        assert b"SECRET" not in body and b"remote" not in body


def test_the_symlink_rule_names_the_same_folder_as_root():
    production = (DEPLOY / "loa.conf").read_text()
    root = re.findall(r"^\s*root (\S+);", production, re.M)[-1]   # the HTTPS server's (the last)
    assert root == "/srv/loa/current"
    assert re.search(r"^\s*disable_symlinks on from=(\S+);", production, re.M).group(1) == root


def test_symlinks_in_a_release_are_not_followed(planted):
    for path in ("/leak.txt", "/etcdir/hostname", "/vi/inside.html"):
        response, body = get(planted, path)
        assert response.status == 404, path   # try_files finds no file it may serve
        assert b"root:" not in body
    assert get(planted, "/vi/index.html")[0].status == 200, "the release itself is served through current"


# -- a release as the worker user sees it (security review M3) ----------------------------------
@pytest.mark.parametrize("umask", [0o000, 0o077], ids=["umask-000", "umask-077"])
def test_every_page_is_served_to_the_worker_user_during_and_after_switches(public_tmp, umask):
    work = public_folder(public_tmp, f"umask-{umask:03o}")
    site = make_site(work / "project")
    dest = work / "dest"
    old_umask = os.umask(umask)
    try:
        site.build()
        first = pub.publish(site.output, dest)
        pub.publish(site.output, dest)
    finally:
        os.umask(old_umask)
    pages = sorted("/" + p.relative_to(site.output).as_posix() for p in site.output.rglob("*")
                   if p.is_file() and p.suffix not in (".gz", ".br"))
    assert {"/index.html", "/vi/index.html", "/offline/loa-vi.html", "/offline/loa-all.zip"} <= set(pages)
    nginx, port = site_server(public_folder(public_tmp, "nginx"), dest)
    answers, stop = collections.Counter(), threading.Event()
    lock = threading.Lock()

    def poll():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while not stop.is_set():
            for path in pages:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                with lock:
                    answers[response.status] += 1
        connection.close()

    readers = [threading.Thread(target=poll) for _ in range(3)]
    try:
        for reader in readers:
            reader.start()
        switched = []
        for _ in range(2):
            switched.append(pub.rollback(dest))
            time.sleep(0.2)
            switched.append(pub.publish(site.output, dest))
            time.sleep(0.2)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=30)
        after = {path: get(port, path)[0].status for path in pages}
        nginx.stop()
    assert switched[0] == first
    assert set(answers) == {200}, answers
    assert sum(answers.values()) >= len(pages)
    assert set(after.values()) == {200}
    assert not any(r.is_alive() for r in readers)
