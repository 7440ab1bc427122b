"""Component examples, in GOV.UK Frontend's manner: each ``<component>.yaml`` beside a template
under ``theme/templates/components/`` (and ``leaflets/components.yaml``) lists examples of its
macro's parameters with fragments the HTML must (``contains``, in order with ``in_order``) and
must not (``absent``) carry, or the whole HTML (``equals``). Every example is rendered through the
macro itself, for a page in ``ui_lang`` (default ``vi``), with the project's own catalogs.

Values tagged ``!hotline`` become the directory's :class:`loa.directory.data.LocalisedEntry`,
``!leaflet-text`` a :class:`loa.leaflets.content.LeafletText`, ``!part`` a
:class:`loa.leaflets.content.Part`, ``!qr`` a :class:`loa.leaflets.qr.QRCode`, ``!source`` a
:class:`loa.theme.meta.SourceItem` and ``!listen`` a :class:`loa.spoken.audio.Listen`, so the
examples feed the components the same values a build does. ``!page`` (``name``, ``status``,
``available``) and ``!language`` stand in for a page and a language of the registry: a page's
``url(tag)`` is ``<tag>/<name>.html``, as :func:`loa.site.plan.page_path` makes it.
"""
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from loa.directory.data import LocalisedEntry
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.registry import load_registry
from loa.leaflets.content import LeafletText, Part
from loa.leaflets.qr import QRCode
from loa.problems import Problems
from loa.spoken.audio import Listen
from loa.theme.meta import SourceItem

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "theme" / "templates"
EXAMPLE_FILES = sorted(TEMPLATES.glob("components/*.yaml")) + [TEMPLATES / "leaflets" / "components.yaml"]
HOTLINE_DEFAULTS = {"purpose": "", "draft": False, "number": None, "display": None, "free": None, "hours": None}


class ExampleLoader(yaml.SafeLoader):
    """YAML with the model tags above."""


def _constructor(make):
    return lambda loader, node: make(**loader.construct_mapping(node, deep=True))


ExampleLoader.add_constructor("!hotline", _constructor(lambda **f: LocalisedEntry(**{**HOTLINE_DEFAULTS, **f})))
ExampleLoader.add_constructor("!leaflet-text", _constructor(LeafletText))
ExampleLoader.add_constructor("!part", _constructor(Part))
ExampleLoader.add_constructor("!qr", _constructor(QRCode))
ExampleLoader.add_constructor("!source", _constructor(SourceItem))
ExampleLoader.add_constructor("!listen", _constructor(lambda **f: Listen(**{"files": {}, "key": "", "speaker": "",
                                                                              "recorded_on": None, **f})))
ExampleLoader.add_constructor("!language", _constructor(lambda **f: SimpleNamespace(**{"script": "Latn", "latin_name": "", **f})))


def _page(name, status="current", available=()):
    return SimpleNamespace(name=name, status=status, available=list(available),
                           url=lambda tag=None: f"{tag}/{name}.html")


ExampleLoader.add_constructor("!page", _constructor(_page))


def read_examples(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ExampleLoader)


def all_examples():
    for path in EXAMPLE_FILES:
        data = read_examples(path)
        for example in data["examples"]:
            yield pytest.param(path, data, example, id=f"{path.stem}: {example['name']}")


@pytest.fixture(scope="module")
def env():
    """The theme's templates as a build sees them (trimmed blocks), with Loa's gettext marking
    an untranslated string with the source language, as on the pages."""
    registry = load_registry(ROOT / "content" / "languages.yaml")
    environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    install_gettext(environment, load_translations(compile_catalogs(ROOT / "translations", registry, Problems())),
                    registry.source.tag, mark_untranslated=True)
    return environment


def render(env, path: Path, macro: str, params: dict, ui_lang: str) -> str:
    module = env.get_template(path.with_suffix(".html").relative_to(TEMPLATES).as_posix()).make_module(
        {"ui_lang": ui_lang})
    return str(getattr(module, macro)(params))


@pytest.mark.parametrize("path, data, example", list(all_examples()))
def test_each_component_example_renders_through_its_macro_as_described(env, path, data, example):
    html = render(env, path, example.get("macro", data.get("macro")), example.get("params") or {},
                  example.get("ui_lang", "vi"))
    if "equals" in example:
        assert html.strip() == example["equals"]
    position = 0
    for fragment in example.get("contains", []):
        found = html.find(fragment, position if example.get("in_order") else 0)
        assert found >= 0, f"{fragment!r} not in (after {position}):\n{html}"
        position = found + len(fragment)
    for fragment in example.get("absent", []):
        assert fragment not in html, f"{fragment!r} in:\n{html}"


def macros_with_params(template: Path) -> set[str]:
    """The component macros of a template: those taking ``params`` (GOV.UK's one argument)."""
    return set(re.findall(r"\{%-?\s*macro\s+(\w+)\(params\b", template.read_text(encoding="utf-8")))


COMPONENT_FILES = [t for t in sorted(TEMPLATES.glob("components/*.html")) + [TEMPLATES / "leaflets" / "components.html"]
                   if macros_with_params(t)]   # statistics.html is rendered by its plugin, not a macro yet


def test_the_page_and_leaflet_components_are_macros():
    assert len(COMPONENT_FILES) >= 13


@pytest.mark.parametrize("template", COMPONENT_FILES,
                         ids=lambda p: p.name if p.parent.name == "components" else f"leaflets/{p.name}")
def test_every_component_macro_has_examples(template):
    macros = macros_with_params(template)
    examples_file = template.with_suffix(".yaml")
    assert examples_file.is_file(), f"{template.name}: write its examples in {examples_file.name}"
    data = read_examples(examples_file)
    covered = {example.get("macro", data.get("macro")) for example in data["examples"]}
    assert macros <= covered, f"{examples_file.name}: no example for {sorted(macros - covered)}"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("components/*.html")) + [TEMPLATES / "leaflets" / "components.html"],
                         ids=lambda p: p.name if p.parent.name == "components" else f"leaflets/{p.name}")
def test_a_component_macro_reads_nothing_from_the_page_but_its_language(template):
    # Inside a component macro, every name is a parameter, a local, another component, or
    # gettext: nothing in scope from the page (GOV.UK Frontend: the template reads only params).
    from jinja2 import meta

    env = Environment(extensions=["jinja2.ext.i18n"])
    text = template.read_text(encoding="utf-8")
    for name, body in re.findall(r"\{%-?\s*macro\s+(\w+)\(params[^)]*\)\s*-?%\}(.*?)\{%-?\s*endmacro", text, re.S):
        free = meta.find_undeclared_variables(env.parse("{% macro m(params) %}" + body + "{% endmacro %}"))
        imported = set(re.findall(r"import\s+([\w, ]+?)\s+with context", text))
        allowed = {"_", "dict", "none", "true", "false"} | {n.strip() for names in imported for n in names.split(",")} \
            | set(re.findall(r"\{%-?\s*macro\s+(\w+)", text))
        assert free <= allowed, f"{template.name}: macro {name} reads {sorted(free - allowed)} from the page"
