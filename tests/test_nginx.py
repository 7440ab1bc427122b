"""deploy/nginx served by Debian's real nginx: precompressed files, caching, headers, TLS."""
from __future__ import annotations

import http.client
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from loa import publish as pub
from loa.precompress import precompress

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (scripts/setup.sh)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_conf(prefix: Path, servers: str) -> Path:
    """A whole nginx.conf under ``prefix`` around ``servers``, with the snippets where the
    production config includes them from (``snippets/`` beside the main file)."""
    assert BROTLI_MODULE.exists(), "libnginx-mod-http-brotli-static is missing (scripts/setup.sh)"
    (prefix / "snippets").mkdir(parents=True, exist_ok=True)
    for name in ("loa-site.conf", "loa-headers.conf"):
        (prefix / "snippets" / name).symlink_to(DEPLOY / name)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp-{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(f"""
load_module {BROTLI_MODULE};
user root;
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
def published(built_site, tmp_path_factory):
    """The fixture site, precompressed and published to a local DEST, plus a hashed asset,
    a plain image and a PDF as other plugins would write them."""
    work = tmp_path_factory.mktemp("nginx-site")
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


@pytest.fixture(scope="module")
def server(published, tmp_path_factory):
    site, dest = published
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = nginx_conf(prefix, f"""
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {dest}/current;
        include snippets/loa-site.conf;
    }}""")
    nginx = Nginx(prefix, conf, [port])
    yield port, site, dest
    nginx.stop()
    assert nginx.process.returncode is not None


def get(port: int, path: str, encoding: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Accept-Encoding": encoding} if encoding else {}
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
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "img-src 'self' data:" in csp
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


def test_the_production_config_speaks_tls_1_2_and_1_3_and_redirects_http(published, tmp_path):
    _, dest = published
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
        assert response.getheader("Location").startswith("https://")
    finally:
        nginx.stop()
