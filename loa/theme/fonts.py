"""Web-font subsets for scripts phones lack: one small WOFF2 per font, made at build time.

Only languages whose entry in ``languages.yaml`` names a ``font`` get one (today: Tai Dam in
Tai Viet script, SIL's Tai Heritage Pro). The subset holds exactly the characters of the
script's Unicode block that the site's pages in those languages use, so it stays far below the
15 KB budget of PRODUCT.md ("web fonts: none, except one subset ≤ 15 KB for Tai Viet pages").

The subset is renamed (family "Loa <script name>") because SIL's Open Font License reserves
the font's name ("Heritage") for unmodified versions; copyright and licence records are kept.
"""
from __future__ import annotations

import hashlib
import json
import io
import re
from dataclasses import dataclass
from pathlib import Path

# ISO 15924 script → (Unicode block it covers, CSS font-family name of our subset).
# Tai Viet: U+AA80–U+AADF (The Unicode Standard, chapter 16.8).
SCRIPT_RANGES: dict[str, tuple[int, int]] = {"Tavt": (0xAA80, 0xAADF)}
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
#: Kept in the subset: copyright and licence URL. The licence text itself (name ID 13, about
#: 2 KB compressed) is published as a text file beside the font instead (:attr:`FontSubset.licence`):
#: the SIL Open Font License §2 allows "stand-alone text files".
KEEP_NAME_IDS = (0, 14)
LICENCE_NAME_ID = 13
#: PRODUCT.md: "web fonts: none, except one subset ≤ 15 KB for Tai Viet pages". Setting:
#: ``THEME_FONT_MAX_BYTES``.
MAX_BYTES = 15_000


class FontNotFoundError(LookupError):
    """No font file for a family named in languages.yaml: the Debian package is missing."""


@dataclass(frozen=True)
class FontSubset:
    """One subset written to ``fonts/<file_name>``: ``data`` are the WOFF2 bytes, ``family``
    the CSS name pages use, ``unicode_range`` the CSS ``unicode-range`` value, ``chars`` the
    characters it covers."""

    family: str
    file_name: str
    data: bytes
    unicode_range: str
    chars: frozenset[str]
    licence: str = ""

    @property
    def licence_file_name(self) -> str:
        """``<font file name>.txt``: the font's licence text, published beside it."""
        return f"{self.file_name}.txt"


def css_family(script: str) -> str:
    """The CSS family name of the subset for ``script`` (ISO 15924), e.g. ``Loa Tavt``."""
    return f"Loa {script}"


def unicode_range(script: str) -> str:
    """CSS ``unicode-range`` for ``script``; raises KeyError for a script with no known block."""
    low, high = SCRIPT_RANGES[script]
    return f"U+{low:04X}-{high:04X}"


def script_chars(texts, script: str) -> set[str]:
    """Characters of ``script``'s Unicode block found in ``texts`` (an iterable of str)."""
    low, high = SCRIPT_RANGES[script]
    pattern = re.compile(f"[\\U{low:08X}-\\U{high:08X}]")
    found: set[str] = set()
    for text in texts:
        found.update(pattern.findall(text))
    return found


def find_font_file(family: str, dirs=FONT_DIRS, overrides: dict | None = None) -> Path:
    """The regular-weight TrueType/OpenType file of ``family`` (e.g. ``Tai Heritage Pro`` →
    ``…/TaiHeritagePro-Regular.ttf``), looked up first in ``overrides`` ({family: path}), then
    under ``dirs``. Raises :class:`FontNotFoundError` naming the family."""
    if overrides and family in overrides:
        path = Path(overrides[family])
        if path.is_file():
            return path
        raise FontNotFoundError(f"font file for '{family}' not found: {path}")
    stem = family.replace(" ", "")
    for folder in dirs:
        root = Path(folder)
        if not root.is_dir():
            continue
        for pattern in (f"{stem}-Regular.ttf", f"{stem}-Regular.otf", f"{stem}.ttf", f"{stem}.otf"):
            hits = sorted(root.rglob(pattern))
            if hits:
                return hits[0]
    raise FontNotFoundError(f"no font file for '{family}' under {', '.join(dirs)}")


def subset_font(font_path, chars, script: str) -> FontSubset:
    """Subset ``font_path`` to ``chars`` (those outside ``script``'s block are ignored) and return
    the WOFF2 (fontTools ``subset``, brotli).

    Kept: the glyphs of ``chars`` and those the OpenType layout reaches from them, with every
    GSUB/GPOS feature the font has for them (Tai Heritage Pro: ``rclt`` contextual forms,
    ``mark``/``mkmk`` mark stacking, ``kern``), an empty ``.notdef``, copyright and licence
    URL. Dropped: hinting (``fpgm``, ``prep``, ``cvt``, ``gasp``: phones draw at high
    resolution), glyph names, SIL Graphite tables (browsers use OpenType), ``DSIG``, and the
    licence text, which goes into :attr:`FontSubset.licence` to be published beside the file.
    With all of U+AA80–U+AAC2 and U+AADB–U+AADF the subset is about 14 KB. The file name
    carries a content hash so it can be cached for ever."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    wanted = sorted(script_chars(["".join(chars)], script))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.glyph_names = False
    options.name_IDs = list(KEEP_NAME_IDS) + [1, 2, 4, 6]
    options.drop_tables += ["Feat", "Glat", "Gloc", "Silf", "Sill", "DSIG", "gasp"]
    options.notdef_outline = False
    font = TTFont(str(font_path))
    licence = ""
    if "name" in font:
        record = font["name"].getName(LICENCE_NAME_ID, 3, 1, 0x409) or font["name"].getName(LICENCE_NAME_ID, 1, 0, 0)
        licence = record.toUnicode() if record else ""
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted])
    subsetter.subset(font)
    family = css_family(script)
    _rename(font, family)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.recalcTimestamp = False  # same characters, same bytes, same file name: cacheable for ever
    font.save(buffer)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:10]
    file_name = f"{family.lower().replace(' ', '-')}.{digest}.woff2"
    return FontSubset(family, file_name, data, unicode_range(script), frozenset(wanted), licence)


def cached_subset(font_path, chars, script: str, cache_dir) -> FontSubset:
    """:func:`subset_font`, kept on disk in ``cache_dir``: the same font file (by content) and
    the same characters give the stored subset without running fontTools again (a subset costs
    about 0.7 s). The key also holds fontTools' version and this module's code, so a change to
    either makes a new subset. ``cache_dir=None`` subsets every time."""
    if cache_dir is None:
        return subset_font(font_path, chars, script)
    import fontTools

    wanted = "".join(sorted(script_chars(["".join(chars)], script)))
    key = hashlib.sha256("\0".join([
        hashlib.sha256(Path(font_path).read_bytes()).hexdigest(), wanted, script, fontTools.version,
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest()]).encode("utf-8")).hexdigest()[:24]
    folder = Path(cache_dir)
    data_file, meta_file = folder / f"{key}.woff2", folder / f"{key}.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return FontSubset(meta["family"], meta["file_name"], data_file.read_bytes(), meta["unicode_range"],
                          frozenset(meta["chars"]), meta["licence"])
    except (OSError, ValueError, KeyError):
        pass
    subset = subset_font(font_path, wanted, script)
    folder.mkdir(parents=True, exist_ok=True)
    data_file.write_bytes(subset.data)
    meta_file.write_text(json.dumps({"family": subset.family, "file_name": subset.file_name,
                                     "unicode_range": subset.unicode_range, "chars": sorted(subset.chars),
                                     "licence": subset.licence}), encoding="utf-8")
    return subset


def growth(pages: dict[str, str], script: str, limit: int = 3) -> list[tuple[str, list[str]]]:
    """What made a subset big, for a translator: ``[(page, [characters])]`` for the pages
    (``{page: text}``) holding characters of ``script`` that no other page uses, most such
    characters first, at most ``limit`` pages. Each such character costs a glyph, and with it
    its marks' positioning data."""
    users: dict[str, set[str]] = {}
    for page, text in pages.items():
        for char in script_chars([text], script):
            users.setdefault(char, set()).add(page)
    only: dict[str, list[str]] = {}
    for char, where in users.items():
        if len(where) == 1:
            only.setdefault(next(iter(where)), []).append(char)
    ranked = sorted(only.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(page, sorted(chars)) for page, chars in ranked[:limit]]


def over_budget_message(subset: FontSubset, limit: int, pages: dict[str, str], script: str) -> tuple[str, str]:
    """``(message, hint)`` for a subset larger than ``limit`` bytes: how big, how many
    characters, and which pages bring characters no other page uses."""
    message = (f"the {subset.family} font for these pages is {len(subset.data):,} bytes with "
               f"{len(subset.chars)} different characters; the budget (THEME_FONT_MAX_BYTES) is {limit:,}")
    rare = growth(pages, script)
    if rare:
        listed = "; ".join(f"{page} alone uses " + ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)
                           for page, chars in rare)
        hint = (f"{listed}. Check those letters (a typing mistake, or a rare letter that could be "
                "written another way), or ask the maintainer to raise THEME_FONT_MAX_BYTES")
    else:
        hint = "every character is used on several pages; ask the maintainer to raise THEME_FONT_MAX_BYTES"
    return message, hint


def _rename(font, family: str) -> None:
    """Give the subset its own family name (the OFL's Reserved Font Name rule)."""
    postscript = family.replace(" ", "") + "-Regular"
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 4, 16):
            table.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            table.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 2:
            table.setName("Regular", 2, record.platformID, record.platEncID, record.langID)


def font_face_css(script: str, url: str) -> str:
    """The ``@font-face`` rule for ``script``'s subset served at ``url``, limited to the
    script's block (``unicode-range``: other text keeps the system fonts, and pages without
    such characters never download the file). ``font-display: swap`` shows text at once in a
    fallback font while the file loads, or if it never does (Opera Mini loads no web fonts)."""
    return (f'@font-face{{font-family:"{css_family(script)}";src:url({url}) format("woff2");'
            f"font-display:swap;unicode-range:{unicode_range(script)}}}")
