"""Fonts embedded in leaflets: ``@font-face`` rules, and which characters they can draw.

Leaflets name their fonts explicitly instead of trusting fontconfig's fallback order
(research/leaflets.md §2): Noto Sans (Debian ``fonts-noto-core``) for Latin and Vietnamese,
Tai Heritage Pro (Debian ``fonts-sil-taiheritagepro``) for Tai Viet, restricted to U+AA80–U+AADF
so Latin text never comes from it. Noto Sans Tai Viet is not used: it stacks marks badly
(notofonts/noto-fonts#1349, #2330). A character none of the faces covers would otherwise be
drawn from whatever font the machine has, or as a box; :func:`missing_characters` finds it
before rendering, from the fonts' own character maps (fontTools).
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NOTO = "/usr/share/fonts/truetype/noto"
TAI = "/usr/share/fonts/truetype/taiheritagepro"
TAI_VIET_RANGE = (0xAA80, 0xAADF)

#: family → {weight: path}, plus an optional unicode range. Families are listed in
#: ``font-family`` order: Tai Viet first (it only answers for its range), then Latin.
DEFAULT_FONTS = {
    "Loa Tai": {"regular": f"{TAI}/TaiHeritagePro-Regular.ttf", "bold": f"{TAI}/TaiHeritagePro-Bold.ttf",
                "unicode_range": "U+AA80-AADF"},
    "Loa Sans": {"regular": f"{NOTO}/NotoSans-Regular.ttf", "bold": f"{NOTO}/NotoSans-Bold.ttf"},
}
WEIGHTS = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class FontFace:
    """One font file as one ``@font-face``: ``family`` (CSS name), ``weight`` (400 or 700),
    ``path`` (a TrueType/OpenType file), ``unicode_range`` (``(first, last)`` code points, or
    ``None`` for every character the file has)."""

    family: str
    weight: int
    path: Path
    unicode_range: tuple[int, int] | None = None


def _parse_range(text: str) -> tuple[int, int]:
    first, _, last = text.upper().removeprefix("U+").partition("-")
    return int(first, 16), int(last or first, 16)


def font_faces(config: dict) -> tuple[FontFace, ...]:
    """Turn ``{family: {"regular": path, "bold": path, "unicode_range": "U+AA80-AADF"}}`` into
    faces, in order. Raises ``ValueError`` naming a missing file (and the Debian package that
    has the default ones) or an unknown key."""
    faces = []
    for family, entry in config.items():
        unicode_range = _parse_range(entry["unicode_range"]) if entry.get("unicode_range") else None
        for key, path in entry.items():
            if key == "unicode_range":
                continue
            if key not in WEIGHTS:
                raise ValueError(f"font '{family}': unknown key '{key}' (use regular, bold, unicode_range)")
            if not Path(path).is_file():
                raise ValueError(f"font file {path} not found (Debian: apt-get install fonts-noto-core "
                                 "fonts-sil-taiheritagepro, or run scripts/setup.sh)")
            faces.append(FontFace(family, WEIGHTS[key], Path(path), unicode_range))
    return tuple(faces)


def families(faces) -> list[str]:
    """The distinct family names in order, for ``font-family``."""
    return list(dict.fromkeys(face.family for face in faces))


def font_face_css(faces) -> str:
    """``@font-face`` rules pointing at the font files by ``file://`` URL (WeasyPrint reads
    them and embeds a subset), and a ``--loa-fonts`` ready ``font-family`` list as a rule on
    ``html``."""
    rules = []
    for face in faces:
        rng = ""
        if face.unicode_range:
            rng = f"unicode-range:U+{face.unicode_range[0]:04X}-{face.unicode_range[1]:04X};"
        rules.append(f'@font-face{{font-family:"{face.family}";font-weight:{face.weight};'
                     f'src:url("{face.path.resolve().as_uri()}");{rng}}}')
    stack = ", ".join(f'"{name}"' for name in families(faces))
    rules.append(f"html{{font-family:{stack}}}")
    return "\n".join(rules)


@lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def covered_codepoints(faces) -> frozenset[int]:
    """Code points every weight of some family can draw, within that family's unicode range.

    A family counts for a character only if all its weights have it, since headings are bold.
    """
    covered: set[int] = set()
    for family in families(faces):
        members = [face for face in faces if face.family == family]
        common = frozenset.intersection(*(_cmap(str(face.path)) for face in members))
        rng = members[0].unicode_range
        if rng:
            common = frozenset(c for c in common if rng[0] <= c <= rng[1])
        covered |= common
    return frozenset(covered)


def missing_characters(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct characters of ``text`` (NFC) that no face covers, in order of appearance.

    Spaces, line breaks and invisible format characters (Unicode categories Zs, Zl, Zp, Cc, Cf)
    are not drawn with a glyph and are ignored.
    """
    seen: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text):
        if ord(char) in covered or char in seen:
            continue
        if unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
            continue
        seen[char] = None
    return list(seen)


def describe(chars) -> str:
    """``'ꪀ' (U+AA80), '😀' (U+1F600)`` for a problem message."""
    return ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)


def fonts_digest(faces) -> str:
    """SHA-256 over every font file's bytes and its face description: part of each leaflet's
    cache key, so a font update renders every leaflet again."""
    digest = hashlib.sha256()
    for face in faces:
        digest.update(f"{face.family}|{face.weight}|{face.unicode_range}|".encode())
        digest.update(face.path.read_bytes())
    return digest.hexdigest()
