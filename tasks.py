"""Loa's commands. Each task is a few lines calling an importable function in ``loa``.

    invoke build            build every language into output/ (drafts included)
    invoke serve            preview on http://localhost:8000, rebuilding on every change
    invoke check            every problem at once, as path:line: message; output/ untouched
    invoke test             every test
    invoke test.update-golden   rewrite the golden pages in tests/golden/ after a deliberate change
    invoke publish --target DEST    production build, every check, atomic upload (docs/publishing.md)
    invoke rollback --target DEST   point DEST/current back at the previous release
    invoke nginx-headers    write deploy/nginx/loa-headers.conf from the pages' security policy
    invoke i18n.extract | i18n.update | i18n.compile    interface-string catalogs
    invoke i18n.status | i18n.new | i18n.stamp | i18n.diff | i18n.kit | i18n.import
                            translation freshness (docs/translator-guide.md)
    invoke scripts.new | scripts.stamp | scripts.diff
                            the same for read-aloud scripts (docs/scripts.md)
"""
from invoke import Collection, Exit, task

DEV_CONF = "pelicanconf.py"
PUBLISH_CONF = "publishconf.py"


def _exit(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"production": "build with publishconf.py (drafts left out, absolute URLs)",
            "debug": "show Python tracebacks"})
def build(c, production=False, debug=False):
    """Build the site (every language, drafts included) into output/."""
    from loa.build import build as build_site
    from loa.cli import run_reporting

    def action():
        result = build_site(PUBLISH_CONF if production else DEV_CONF, "output")
        for warning in result.warnings:
            print(warning)
        print(result.summary())

    _exit(run_reporting(action, debug=debug))


@task(help={"production": "check as for publishing (stale data fails)", "debug": "show tracebacks"})
def check(c, production=False, debug=False):
    """Report every problem at once (path:line: message) without touching output/."""
    from loa.build import build as build_site
    from loa.cli import run_reporting

    def action():
        result = build_site(PUBLISH_CONF if production else DEV_CONF, "output", keep_output=False)
        for warning in result.warnings:
            print(warning)
        print(f"No problems found ({sum(result.pages.values())} pages checked).")

    _exit(run_reporting(action, debug=debug))


@task(help={"port": "port on localhost (default 8000)"})
def serve(c, port=8000):
    """Preview the site on http://localhost:PORT; rebuilds when content, theme or data change."""
    from loa.serve import serve as serve_site

    serve_site(DEV_CONF, "output", port=int(port))


def pytest_command(browser: bool = True, k: str = "") -> list[str]:
    """The pytest command line of ``invoke test`` as an argument list (run without a shell, so
    a ``-k`` expression is only ever a pytest expression): the Chromium tests left out unless
    ``browser``, only tests matching ``k`` when given."""
    import sys

    command = [sys.executable, "-m", "pytest", "-q"]
    if not browser:
        command += ["-m", "not browser"]
    if k:
        command += ["-k", k]
    return command


@task(name="run", default=True,
      help={"browser": "also run the Chromium tests (default: yes; --no-browser leaves them out)",
            "k": "only tests matching this pytest -k expression"})
def test_run(c, browser=True, k=""):
    """Run every test (pytest); what invoke test runs."""
    import subprocess

    _exit(subprocess.call(pytest_command(browser, k)))


@task(name="update-golden")
def update_golden(c):
    """Rewrite the golden pages (tests/golden/) that a deliberate change made differ.

    Builds the fixture site, rewrites each page that differs and names it; commit them with the
    change that made them differ."""
    from tests.golden_pages import update_golden as update

    update()


@task(help={"target": "a folder, or user@host:/path for a server (default: LOA_PUBLISH_TARGET in publishconf.py)",
            "keep": "how many releases to keep (default: LOA_PUBLISH_KEEP, or 5)",
            "allow_warnings": "publish even when the checks give warnings",
            "debug": "show Python tracebacks"})
def publish(c, target="", keep=0, allow_warnings=False, debug=False):
    """Build for production, check everything, upload a new release and switch to it."""
    from loa.cli import run_reporting
    from loa.publish import build_and_publish, publish_settings

    def action():
        where, how_many = publish_settings(PUBLISH_CONF, target, int(keep))
        build_and_publish(PUBLISH_CONF, where, keep=how_many, allow_warnings=allow_warnings)

    _exit(run_reporting(action, debug=debug))


@task(help={"target": "the same target as for publish", "debug": "show Python tracebacks"})
def rollback(c, target="", debug=False):
    """Point the live site back at the release before the current one."""
    from loa.cli import run_reporting
    from loa.publish import publish_settings, releases, rollback as roll_back

    def action():
        where, _ = publish_settings(PUBLISH_CONF, target, 0)
        name = roll_back(where)
        print(f"{where}/current now points to release {name}.")
        print("Releases:", ", ".join(n + (" (current)" if now else "") for n, now in releases(where)))

    _exit(run_reporting(action, debug=debug))


NGINX_HEADERS = "deploy/nginx/loa-headers.conf"


@task(name="nginx-headers", help={"check": "only check the file is up to date (exit 1 if not)"})
def nginx_headers(c, check=False):
    """Write deploy/nginx/loa-headers.conf from the pages' own policy (loa/theme/security.py)."""
    from pathlib import Path

    from loa.theme.security import nginx_headers_conf

    path, text = Path(NGINX_HEADERS), nginx_headers_conf()
    if path.read_text(encoding="utf-8") == text:
        print(f"{NGINX_HEADERS} is up to date.")
    elif check:
        print(f"{NGINX_HEADERS} differs from loa/theme/security.py: run invoke nginx-headers, "
              "then install it on the server again (docs/publishing.md).")
        raise Exit(code=1)
    else:
        path.write_text(text, encoding="utf-8")
        print(f"{NGINX_HEADERS} written; install it on the server again (docs/publishing.md).")


@task
def extract(c):
    """Collect the interface strings from the templates into translations/messages.pot."""
    from loa.languages.catalogs import extract as extract_messages

    count = extract_messages(["."], "babel.cfg", "translations/messages.pot")
    print(f"translations/messages.pot: {count} messages")


@task(pre=[extract])
def update(c):
    """Create or update every language's messages.po from the template."""
    from loa.languages.catalogs import update as update_catalogs
    from loa.site.registry import load_registry

    for tag, state in update_catalogs("translations", load_registry("content/languages.yaml")):
        print(f"translations/{tag}/LC_MESSAGES/messages.po: {state}")


@task(name="compile")
def compile_(c):
    """Compile every messages.po to messages.mo (the build does this too)."""
    from loa.cli import report_problems
    from loa.languages.catalogs import compile_catalogs
    from loa.site.registry import load_registry
    from loa.problems import Problems, ProblemsFound

    problems = Problems()
    compiled = compile_catalogs("translations", load_registry("content/languages.yaml"), problems)
    if problems.errors:
        report_problems(ProblemsFound(problems.items))
        raise Exit(code=1)
    print(f"compiled {len(compiled)} catalogs: {', '.join(compiled)}")


# -- translation freshness: logic in loa/freshness/, see docs/translator-guide.md ------------
CONTENT, LANGUAGES, TRANSLATIONS = "content", "content/languages.yaml", "translations"


@task(help={"strict": "exit non-zero when a critical page is stale or missing in any language",
            "lang": "only this language"})
def status(c, strict=False, lang=""):
    """Per language: pages current / draft / stale / missing, % complete, interface strings."""
    from loa.freshness.report import build_report, render_text, strict_failures

    failures = []

    def action():
        report = build_report(CONTENT, _registry(), TRANSLATIONS)
        print(render_text(report, [lang] if lang else None), end="")
        failures.extend(strict_failures(report) if strict else [])
        from pathlib import Path

        if (Path(CONTENT) / "scripts").is_dir():  # read-aloud scripts (docs/scripts.md)
            scripts = build_report(CONTENT, _registry(), TRANSLATIONS, kind="scripts")
            print("\n" + render_text(scripts, [lang] if lang else None), end="")
        for line in failures:
            print(f"strict: {line}")

    _run_files(action)
    _exit(1 if failures else 0)


@task(name="new")
def new_(c, tag, page):
    """Start a translation: content/pages/TAG/PAGE.md from the Vietnamese page (draft)."""
    from loa.freshness.files import new_translation

    _run_files(lambda: print(new_translation(CONTENT, _registry(), tag, page)))


@task(help={"reviewed_by": "name of the person who checked the translation: marks it reviewed",
            "keep_review": "keep 'reviewed' (the source change needed no new review)"})
def stamp(c, tag, page, reviewed_by="", keep_review=False):
    """Record that TAG/PAGE now matches the current Vietnamese page."""
    from loa.freshness.files import stamp_translation

    _run_files(lambda: print(stamp_translation(CONTENT, _registry(), tag, page, reviewed_by=reviewed_by,
                                               keep_review=keep_review)))


@task
def diff(c, tag, page):
    """Show what changed in the Vietnamese page since TAG/PAGE was translated (from git)."""
    from loa.freshness.files import source_diff

    _run_files(lambda: print(source_diff(CONTENT, _registry(), tag, page).text, end=""))


@task(help={"lang": "the language to translate into, e.g. hmn (as for i18n.import)",
            "out": "where to write the zip (default kits/loa-kit-TAG.zip; not output/, which every build replaces)"})
def kit(c, lang, out=""):
    """Write a zip for an offline translator: PO file, pages to do with sources, guide."""
    from loa.freshness.kit import write_kit

    _run_files(lambda: print(write_kit(CONTENT, _registry(), TRANSLATIONS, lang,
                                       out or f"kits/loa-kit-{lang}.zip").summary()))


@task(name="import", help={"lang": "the language the kit was made for (required; kit.json must agree)",
                           "dry_run": "check only; place nothing"})
def import_(c, zip_path, lang, dry_run=False):
    """Check a translator's returned kit for language LANG and place its files, as drafts
    (nothing placed if any error)."""
    from loa.freshness.kit import import_kit

    _run_files(lambda: print(import_kit(zip_path, CONTENT, _registry(), TRANSLATIONS, tag=lang,
                                        dry_run=dry_run).summary()))


def _registry():
    from loa.site.registry import load_registry

    return load_registry(LANGUAGES)


def _run_files(action):
    from loa.cli import run_reporting

    _exit(run_reporting(action, note="Nothing was changed."))


i18n = Collection("i18n", extract, update, compile_, status, new_, stamp, diff, kit, import_)
test = Collection("test", test_run, update_golden)
ns = Collection(build, check, serve, test, publish, rollback, nginx_headers, i18n)


# --- audio: recordings of the read-aloud scripts (docs/audio.md) -------------------------------

AUDIO_CACHE = "cache/audio"


@task(name="add", help={"speaker": "full name of the person whose voice it is",
                        "consent": "confirm the speaker agreed to publication (asked if not given)",
                        "replace": "replace this script's existing recording",
                        "dry_run": "check only; place nothing"})
def audio_add(c, tag, name, file, speaker="", consent=False, replace=False, dry_run=False):
    """Check a recording of script NAME in language TAG and place it in content/recordings/TAG/."""
    import sys

    from loa.audio.library import add_recording

    if not consent and not dry_run and sys.stdin.isatty():
        answer = input(f"Did {speaker or 'the speaker'} agree that this recording is played on loudspeakers "
                       "and published? [y/N] ")
        consent = answer.strip().lower() in ("y", "yes", "c", "có", "co")

    def action():
        added = add_recording(CONTENT, tag, name, file, speaker=speaker, consent=consent,
                              known_tags=_registry().tags, replace=replace, dry_run=dry_run)
        for note in added.notes:
            print(f"note: {note}")
        if added.audio is None:
            print(f"{file}: passes every check ({added.speech_seconds:.1f} s of speech). Nothing placed (dry run).")
        else:
            print(f"Placed {added.audio} and {added.sidecar} ({added.speech_seconds:.1f} s of speech).")

    from loa.cli import run_reporting

    _exit(run_reporting(action, note="Nothing was placed."))


@task(name="kit", help={"out": "where to write the zip (default kits/loa-audio-kit-TAG.zip)",
                        "all": "every script, not only the missing and stale ones"})
def audio_kit(c, tag, out="", all=False):
    """Write a recording kit for volunteers in TAG: scripts to record, most important first, and a guide."""
    from loa.audio.kit import write_kit

    language = _registry().get(tag)
    name = getattr(language, "latin_name", "") or getattr(language, "native_name", "") or tag
    name = name[len("tiếng "):] if name.lower().startswith("tiếng ") else name
    _run_files(lambda: print(write_kit(CONTENT, tag, out or f"kits/loa-audio-kit-{tag}.zip", language_name=name,
                                       include_all=all).summary()))


@task(name="status")
def audio_status(c):
    """List the recordings missing or stale in each language, most important first."""
    from loa.audio.library import format_status, recording_status

    _run_files(lambda: print(format_status(recording_status(CONTENT, _registry().tags))))


@task(name="preview", help={"tag": "language of the script (only vi has a preview voice)"})
def audio_preview(c, name, tag="vi"):
    """Speak a Vietnamese script with espeak-ng to hear its timing (never published)."""
    from loa.audio.preview import preview

    def action():
        result = preview(CONTENT, name, f"{AUDIO_CACHE}/preview", tag=tag)
        minutes, seconds = divmod(int(round(result.seconds)), 60)
        print(f"{result.path}  {minutes}:{seconds:02d}  (synthetic voice: for timing only, never published)")

    _run_files(action)


audio = Collection("audio", audio_add, audio_kit, audio_status, audio_preview)
ns.add_collection(audio)


# -- read-aloud scripts (docs/scripts.md): the i18n commands for content/scripts/ ------------------

@task(name="new")
def script_new(c, tag, name):
    """Start the translation of a read-aloud script: content/scripts/TAG/NAME.md (draft)."""
    from loa.freshness.files import new_translation

    _run_files(lambda: print(new_translation(CONTENT, _registry(), tag, name, kind="scripts")))


@task(name="stamp", help={"reviewed_by": "the second person who checked the translation",
                          "keep_review": "the Vietnamese change needed no new translation"})
def script_stamp(c, tag, name, reviewed_by="", keep_review=False):
    """Record that the script TAG/NAME now matches the current Vietnamese script."""
    from loa.freshness.files import stamp_translation

    _run_files(lambda: print(stamp_translation(CONTENT, _registry(), tag, name, reviewed_by=reviewed_by,
                                               keep_review=keep_review, kind="scripts")))


@task(name="diff")
def script_diff(c, tag, name):
    """Show what changed in the Vietnamese script since TAG/NAME was translated (from git)."""
    from loa.freshness.files import source_diff

    _run_files(lambda: print(source_diff(CONTENT, _registry(), tag, name, kind="scripts").text, end=""))


scripts = Collection("scripts", script_new, script_stamp, script_diff)
ns.add_collection(scripts)
