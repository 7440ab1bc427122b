"""A small content folder with known translation states, for the freshness tests.

Four Vietnamese pages; ``hmn`` has one of each state, ``en`` has one stale critical page and
three current ones. The hmn catalog has 2 translated, 1 fuzzy, 2 untranslated and 1 obsolete
entry; en has no catalog.
"""
from __future__ import annotations

from pathlib import Path

from loa.site.policy import hash_file_text
from loa.site.registry import load_registry

LANGUAGES = """languages:
  - tag: vi
    source: true
    native_name: Tiếng Việt
    english_name: Vietnamese
    script: Latn
    direction: ltr
  - tag: hmn
    native_name: Lus Hmoob
    english_name: Hmong
    script: Latn
    direction: ltr
  - tag: en
    native_name: English
    english_name: English
    script: Latn
    direction: ltr
    publish_drafts: true
"""

SOURCES = {
    "can-giup": "title: Cần giúp\ncritical: true\n\nGọi 111 ngay khi cần giúp.\n",
    "viec-lam": "title: Việc làm\n\nĐừng tin lời mời việc nhẹ lương cao.\n",
    "trang-chu": "title: Trang chủ\n\nBa điều cần nhớ.\n",
    "lua-dao": "title: Lừa đảo\nsummary: Các mánh lừa.\n\nKẻ xấu hứa hẹn nhiều điều.\n",
}
OLD = "0123456789abcdef"

PO_HMN = r'''msgid ""
msgstr ""
"Language: hmn\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "Một"
msgstr "Ib"

msgid "Hai %(n)s"
msgstr "Ob %(n)s"

#, fuzzy
msgid "Ba"
msgstr "Peb"

msgid "Bốn"
msgstr ""

msgid "Năm"
msgstr ""

#~ msgid "Cũ"
#~ msgstr "Qub"
'''


def translation(title: str, source: str, review: str, body: str, recorded: str | None = None) -> str:
    lines = [f"title: {title}", f"source_hash: {recorded or hash_file_text(SOURCES[source])}",
             f"translation_status: {review}"]
    if review == "reviewed":
        lines.append("reviewer: Lan")
    return "\n".join(lines) + "\n\n" + body + "\n"


TRANSLATIONS = {
    ("hmn", "can-giup"): translation("Pab", "can-giup", "reviewed", "Hu 111."),
    ("hmn", "viec-lam"): translation("Hauj lwm", "viec-lam", "draft", "Tsis txhob ntseeg."),
    ("hmn", "trang-chu"): translation("Nplooj tsev", "trang-chu", "reviewed", "Peb yam.", recorded=OLD),
    ("en", "can-giup"): translation("Get help", "can-giup", "reviewed", "Call 111.", recorded=OLD),
    ("en", "viec-lam"): translation("Jobs", "viec-lam", "reviewed", "Do not trust easy jobs."),
    ("en", "trang-chu"): translation("Home", "trang-chu", "reviewed", "Three things."),
    ("en", "lua-dao"): translation("Tricks", "lua-dao", "reviewed", "They promise a lot."),
}


def make_content(root: Path):
    """Write the folder under ``root``; returns ``(content_dir, registry, translations_dir)``."""
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "languages.yaml").write_text(LANGUAGES, encoding="utf-8")
    for name, text in SOURCES.items():
        write(content / "pages" / "vi" / f"{name}.md", text)
    for (tag, name), text in TRANSLATIONS.items():
        write(content / "pages" / tag / f"{name}.md", text)
    translations = root / "translations"
    write(translations / "hmn" / "LC_MESSAGES" / "messages.po", PO_HMN)
    return content, load_registry(content / "languages.yaml"), translations


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
