"""Interface strings: catalogs for tags outside CLDR, '%' in messages, multi-line trans, escaping."""
import gettext
import io
import textwrap

import polib
import pytest
from babel.messages.extract import extract
from jinja2 import Environment

from loa.languages.catalogs import check_catalog, compile_catalogs, install_gettext, update
from loa.site.registry import load_registry
from loa.problems import Problems

LANGUAGES = """languages:
  - {tag: vi, source: true, native_name: Tiếng Việt, english_name: Vietnamese, script: Latn, direction: ltr}
  - {tag: hni, native_name: Haqniq, english_name: Hani, script: Latn, direction: ltr}
  - {tag: en, native_name: English, english_name: English, script: Latn, direction: ltr, babel_locale: en}
"""


def translations_for(tmp_path, entries: dict[str, str], tag="hni", plural=None):
    po = polib.POFile()
    po.metadata = {"Language": tag, "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": plural or "nplurals=1; plural=0;"}
    for msgid, msgstr in entries.items():
        if isinstance(msgstr, dict):
            po.append(polib.POEntry(msgid=msgid, msgid_plural=msgstr["plural"], msgstr_plural=msgstr["forms"]))
        else:
            po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = tmp_path / f"{tag}.mo"
    po.save_as_mofile(str(path))
    with open(path, "rb") as f:
        return {tag: gettext.GNUTranslations(f)}


def render(template: str, translations, ui_lang="hni") -> str:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    install_gettext(env, translations, "vi")
    return env.from_string(template).render(ui_lang=ui_lang)


def test_a_percent_sign_in_a_message_does_not_crash_and_is_kept(tmp_path):
    translations = translations_for(tmp_path, {"Miễn phí 100%": "100% free"}, tag="en")
    assert render("{{ _('Miễn phí 100%') }}", translations, "en") == "100% free"
    assert render("{{ _('Giảm 5% nữa') }}", {}, "en") == "Giảm 5% nữa"


def test_keyword_arguments_format_the_translated_message(tmp_path):
    translations = translations_for(tmp_path, {"Gọi %(number)s": "Call %(number)s"}, tag="en")
    assert render("{{ _('Gọi %(number)s', number='111') }}", translations, "en") == "Call 111"


def test_a_multi_line_trans_block_is_translated_with_the_msgid_babel_extracts(tmp_path):
    template = textwrap.dedent("""\
        {% trans %}
          Gọi ngay
          khi cần giúp.
        {% endtrans %}
        """)
    options = {"trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true", "extensions": "jinja2.ext.i18n"}
    [(_, msgid, _, _)] = list(extract("jinja2", io.BytesIO(template.encode()), options=options))
    assert msgid == "Gọi ngay khi cần giúp."
    translations = translations_for(tmp_path, {msgid: "Call now when you need help."}, tag="en")
    assert render(template, translations, "en").strip() == "Call now when you need help."


def test_html_arriving_through_a_catalog_is_escaped(tmp_path):
    translations = translations_for(tmp_path, {"Xin chào": "<script>alert(1)</script>"}, tag="en")
    for template in ("{{ _('Xin chào') }}", "{% trans %}Xin chào{% endtrans %}"):
        html = render(template, translations, "en")
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_language_without_cldr_data_uses_its_catalog_and_one_plural_form(tmp_path):
    translations = translations_for(tmp_path, {"Trang": {"plural": "Các trang", "forms": {0: "Nplooj"}}})
    for n in (1, 2, 5):
        assert render("{{ ngettext('Trang', 'Các trang', %d) }}" % n, translations) == "Nplooj"


def test_update_creates_catalogs_for_tags_pybabel_init_refuses(tmp_path):
    (tmp_path / "languages.yaml").write_text(LANGUAGES, encoding="utf-8")
    translations = tmp_path / "translations"
    translations.mkdir()
    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Thoát nhanh", msgstr=""))
    pot.save(str(translations / "messages.pot"))
    done = update(translations, load_registry(tmp_path / "languages.yaml"))
    assert dict(done) == {"vi": "created", "hni": "created", "en": "created"}
    po = polib.pofile(str(translations / "hni" / "LC_MESSAGES" / "messages.po"))
    assert po.metadata["Language"] == "hni"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [e.msgid for e in po] == ["Thoát nhanh"]


def test_every_committed_catalog_has_the_header_languages_yaml_asks_for():
    from conftest import ROOT

    registry = load_registry(ROOT / "content" / "languages.yaml")
    for language in registry:
        po = polib.pofile(str(ROOT / "translations" / language.tag / "LC_MESSAGES" / "messages.po"))
        assert po.metadata["Language"] == language.tag
        assert po.metadata["Plural-Forms"] == language.plural_forms


@pytest.mark.parametrize("msgstr, ok", [
    ("Call %(number)s now", True),
    ("Call now", False),
    ("Call %(numero)s now", False),
])
def test_a_translation_that_drops_or_changes_a_placeholder_is_a_problem(tmp_path, msgstr, ok):
    path = tmp_path / "messages.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
                    f'msgid "Gọi %(number)s ngay"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    problems = Problems()
    check_catalog(path, problems)
    assert (not problems.errors) == ok
    if not ok:
        assert str(problems.errors[0]).startswith(f"{path}:6: ")  # the msgstr line


def test_a_po_file_with_a_syntax_error_is_reported_with_its_line_and_not_compiled(tmp_path):
    (tmp_path / "languages.yaml").write_text(LANGUAGES, encoding="utf-8")
    po = tmp_path / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Xin chào"\nmsgstr "Hello\n', encoding="utf-8")
    problems = Problems()
    compiled = compile_catalogs(tmp_path / "translations", load_registry(tmp_path / "languages.yaml"), problems)
    assert "en" not in compiled
    assert problems.errors and str(problems.errors[0]).startswith(f"{po}:")
    assert "cannot be read" in problems.errors[0].message


def test_a_build_parses_each_catalog_once_and_a_rebuild_none(tmp_path, monkeypatch):
    import polib

    from loa.languages import catalogs
    from tests.conftest import make_site

    site = make_site(tmp_path)
    parsed = []
    original = polib.pofile

    def spy(path, *args, **kwargs):
        if kwargs.get("check_for_duplicates"):   # the check before compiling (the status page counts too)
            parsed.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(polib, "pofile", spy)
    catalogs._COMPILED.clear()   # a new process
    site.build()
    tags = [line.split(":")[1].strip() for line in (site.content / "languages.yaml").read_text().splitlines()
            if line.strip().startswith("- tag:")]
    assert sorted(parsed) == sorted(str(site.translations / tag / "LC_MESSAGES" / "messages.po") for tag in tags)
    parsed.clear()
    catalogs._COMPILED.clear()
    counted = []
    monkeypatch.setattr(polib, "pofile", lambda path, *a, **k: counted.append(path) or original(path, *a, **k))
    from loa.freshness import report

    report._COUNTS.values.clear()
    site.build(LOA_SKIP_UNCHANGED=False)   # every stage, not the last build's stamp
    assert (parsed, counted) == ([], [])
