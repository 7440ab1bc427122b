"""Loa's commands. Each task is a few lines calling an importable function in ``loa``.

    invoke build            build every language into output/ (drafts included)
    invoke serve            preview on http://localhost:8000, rebuilding on every change
    invoke check            every problem at once, as path:line: message; output/ untouched
    invoke test             every test
    invoke i18n.extract | i18n.update | i18n.compile    interface-string catalogs
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


i18n = Collection("i18n", extract, update, compile_)
ns = Collection(build, check, serve, test, i18n)
