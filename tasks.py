"""Loa's commands. Each task is a few lines calling an importable function in ``loa``.

    invoke build            build every language into output/ (drafts included)
    invoke serve            preview on http://localhost:8000, rebuilding on every change
    invoke check            every problem at once, as path:line: message; output/ untouched
    invoke test             every test
    invoke publish --target DEST    production build, every check, atomic upload (docs/publishing.md)
    invoke rollback --target DEST   point DEST/current back at the previous release
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


@task(help={"browser": "also run the Chromium tests (default: yes)", "k": "only tests matching this"})
def test(c, browser=True, k=""):
    """Run every test (pytest)."""
    args = ["python3", "-m", "pytest", "-q"]
    if not browser:
        args += ["-m", "not browser"]
    if k:
        args += ["-k", k]
    c.run(" ".join(args), pty=False)


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
    from loa.languages.registry import load_registry

    for tag, state in update_catalogs("translations", load_registry("content/languages.yaml")):
        print(f"translations/{tag}/LC_MESSAGES/messages.po: {state}")


@task(name="compile")
def compile_(c):
    """Compile every messages.po to messages.mo (the build does this too)."""
    from loa.cli import report_problems
    from loa.languages.catalogs import compile_catalogs
    from loa.languages.registry import load_registry
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


@task(help={"out": "where to write the zip (default kits/loa-kit-TAG.zip; not output/, which every build replaces)"})
def kit(c, tag, out=""):
    """Write a zip for an offline translator: PO file, pages to do with sources, guide."""
    from loa.freshness.kit import write_kit

    _run_files(lambda: print(write_kit(CONTENT, _registry(), TRANSLATIONS, tag,
                                       out or f"kits/loa-kit-{tag}.zip").summary()))


@task(name="import", help={"dry_run": "check only; place nothing"})
def import_(c, zip_path, dry_run=False):
    """Check a translator's returned kit and place its files (nothing placed if any error)."""
    from loa.freshness.kit import import_kit

    _run_files(lambda: print(import_kit(zip_path, CONTENT, _registry(), TRANSLATIONS, dry_run=dry_run).summary()))


def _registry():
    from loa.languages.registry import load_registry

    return load_registry(LANGUAGES)


def _run_files(action):
    from loa.cli import run_reporting

    _exit(run_reporting(action, note="Nothing was changed."))


i18n = Collection("i18n", extract, update, compile_, status, new_, stamp, diff, kit, import_)


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
ns = Collection(build, check, serve, test, publish, rollback, i18n, scripts)
