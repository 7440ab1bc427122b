"""Precompressed .gz and .br beside every text file of the published site."""
from __future__ import annotations

import gzip
import os

import brotli

from loa.precompress import precompress


def test_every_text_file_gets_a_smaller_gzip_and_brotli_copy_that_decodes_to_it(built_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site.output, site)
    result = precompress(site)
    pages = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".atom")]
    assert pages
    for page in pages:
        data = page.read_bytes()
        gz = page.with_name(page.name + ".gz")
        br = page.with_name(page.name + ".br")
        assert gz.exists() and br.exists(), page
        assert gzip.decompress(gz.read_bytes()) == data
        assert brotli.decompress(br.read_bytes()) == data
        assert br.stat().st_size < gz.stat().st_size < len(data)
        assert gz.stat().st_mtime_ns == page.stat().st_mtime_ns
    assert not list(site.rglob("*.zip.gz")), "the zip is already compressed"
    assert result.smallest_bytes < result.original_bytes


def test_a_copy_that_would_not_be_smaller_is_not_kept(tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(os.urandom(4000))
    small = tmp_path / "tiny.css"
    small.write_text("a{}", encoding="utf-8")
    (tmp_path / "noise.txt.gz").write_bytes(b"stale")
    result = precompress(tmp_path)
    assert not (tmp_path / "noise.txt.gz").exists()
    assert not (tmp_path / "noise.txt.br").exists()
    assert not (tmp_path / "tiny.css.gz").exists()
    assert result.written == []


def test_precompressing_twice_gives_the_same_bytes(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<p>Gọi 111</p>\n" * 200, encoding="utf-8")
    precompress(tmp_path)
    first = (tmp_path / "a.html.gz").read_bytes(), (tmp_path / "a.html.br").read_bytes()
    precompress(tmp_path)
    assert ((tmp_path / "a.html.gz").read_bytes(), (tmp_path / "a.html.br").read_bytes()) == first
    assert not (tmp_path / "a.html.gz.gz").exists()
