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
import subprocess
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


# -- a font for the language's script, found with fontconfig -------------------------------------
#: fontconfig weights (``fc-list`` ``%{weight}``): 80 regular, 200 bold; width 100 is normal.
_FC_REGULAR, _FC_BOLD, _FC_NORMAL_WIDTH = 80, 200, 100


def script_ranges(script: str) -> tuple[tuple[int, int], ...]:
    """The Unicode ranges whose ``Script`` property is ``script`` (ISO 15924, e.g. ``Laoo``),
    as ``((first, last), …)``, from the Unicode Character Database that fontTools ships
    (``fontTools.unicodedata.Scripts``). Empty for an unknown code."""
    from fontTools.unicodedata import Scripts

    found = []
    for index, value in enumerate(Scripts.VALUES):
        if value == script:
            last = Scripts.RANGES[index + 1] - 1 if index + 1 < len(Scripts.RANGES) else 0x10FFFF
            found.append((Scripts.RANGES[index], last))
    return tuple(found)


def script_characters(text: str, script: str) -> list[str]:
    """The distinct characters of ``text`` whose Unicode ``Script`` is ``script``, sorted."""
    from fontTools.unicodedata import script as script_of

    return sorted(c for c in set(text) if script_of(c) == script)  # each distinct character once


def _charset(chars) -> str:
    return " ".join(f"{ord(c):x}" for c in chars)


def _fc_list(pattern: str) -> list[tuple[str, str, int, int, int]]:
    """``(file, family, weight, slant, width)`` of every installed font matching ``pattern``."""
    try:
        result = subprocess.run(["fc-list", "--format", "%{file}|%{family[0]}|%{weight}|%{slant}|%{width}\\n", pattern],
                                capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in result.stdout.splitlines():
        parts = line.split("|")
        if len(parts) != 5 or not parts[0].lower().endswith((".ttf", ".otf")):
            continue
        try:
            found.append((parts[0], parts[1], int(float(parts[2])), int(float(parts[3])), int(float(parts[4] or 100))))
        except ValueError:
            continue
    return found


@lru_cache(maxsize=64)
def find_script_font(script: str, chars: tuple[str, ...], family: str | None = None) -> dict | None:
    """An installed font family that draws every character of ``chars`` (those of ``script``
    a language's leaflets use), as ``{"regular": path, "bold": path}`` plus ``"family"``, or
    ``None`` when no installed font has them all.

    ``family`` (the ``font:`` of the language in languages.yaml) is used when given and only
    that family is considered. Otherwise fontconfig lists the fonts that have the characters
    (``fc-list :charset=…``) and the choice prefers, in order: a family with an upright
    regular and a bold weight, a family named after the script (``Noto Sans Lao`` for Lao)
    over a wide-coverage one (DejaVu), sans over serif, not ``Looped``, ``UI`` or ``Mono``,
    then the shorter name. Debian's ``fonts-noto-core`` has a Noto Sans font for most scripts.
    """
    pattern = f"{family}:charset={_charset(chars)}" if family else f":charset={_charset(chars)}"
    families: dict[str, dict[str, str]] = {}
    for path, name, weight, slant, width in sorted(_fc_list(pattern)):
        if slant != 0 or width != _FC_NORMAL_WIDTH:
            continue
        entry = families.setdefault(name, {})
        if weight == _FC_REGULAR:
            entry.setdefault("regular", path)
        elif weight == _FC_BOLD:
            entry.setdefault("bold", path)
    from fontTools.unicodedata import script_name

    named = script_name(script, default=script).replace("_", " ")

    def preference(item):
        name, weights = item
        return ("regular" not in weights, "bold" not in weights, named.lower() not in name.lower(),
                "serif" in name.lower(), "looped" in name.lower(), " ui" in name.lower(),
                "mono" in name.lower(), len(name), name)

    usable = [(name, weights) for name, weights in families.items() if "regular" in weights]
    if not usable:
        return None
    name, weights = min(usable, key=preference)
    return {"family": name, "regular": weights["regular"], "bold": weights.get("bold", weights["regular"])}


def language_faces(base, script: str, text: str, family: str | None = None) -> tuple[tuple[FontFace, ...], str | None]:
    """The faces for a leaflet in a language written in ``script``: ``base`` (the
    ``LEAFLETS_FONTS``) plus, when ``text`` has characters of ``script`` the base faces
    cannot draw, a family ``Loa <script>`` found by :func:`find_script_font` and limited to
    the script's Unicode ranges (so Latin text and numbers keep the base font). Returns
    ``(faces, family chosen or None)``."""
    covered = covered_codepoints(base)
    needed = [c for c in script_characters(unicodedata.normalize("NFC", text), script) if ord(c) not in covered]
    if not needed:
        return tuple(base), None
    found = find_script_font(script, tuple(needed), family)
    if found is None:
        return tuple(base), None
    ranges = script_ranges(script)
    low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    extra = tuple(FontFace(f"Loa {script}", WEIGHTS[key], Path(found[key]), (low, high)) for key in ("regular", "bold"))
    # The script's family goes first: it answers only for its own range.
    return extra + tuple(base), found["family"]
