"""The offline translator's kit: one zip out (``write_kit``), checked and placed on return
(``import_kit``). No Pelican here.

Layout of ``loa-kit-<tag>.zip`` (one folder, so unzipping makes one folder)::

    loa-kit-<tag>/HUONG-DAN.txt            short guide in Vietnamese
    loa-kit-<tag>/kit.json                 language, date, pages and the source hash of each
    loa-kit-<tag>/messages.po              the language's interface strings
    loa-kit-<tag>/pages/<name>.vi.md       the Vietnamese page as it is now
    loa-kit-<tag>/pages/<name>.<tag>.md    the translation to write or update
    loa-kit-<tag>/pages/<name>.diff        what changed in Vietnamese since (stale pages, from git)
    loa-kit-<tag>/scripts/…                the same three for read-aloud scripts, when there are any

Every ``<name>.<tag>.md`` already records the ``source_hash`` of the Vietnamese page in the kit:
whatever the translator returns was made from that version. A returned file whose text did not
change (still the old translation, or still the Vietnamese text) is not placed, so nothing is
marked up to date without being worked on.
"""
from __future__ import annotations

import datetime
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from loa.site import policy
from loa.directory.load import load_directory
from loa.freshness.files import diff_since, set_metadata, translation_template
from loa.freshness.report import CONTENT_KINDS, DRAFT, MISSING, STALE, LanguageReport, build_report, strings_text
from loa.languages.catalogs import check_catalog, po_path
from loa.languages.preflight import NAME_RE, check_page
from loa.site.pages import decode, parse_page, read_page
from loa.site.registry import Registry
from loa.problems import Problem, Problems, ProblemsFound, key_line

KIT_FORMAT = 1
_PAGE = re.compile(r"^pages/([^/]+)\.([a-z0-9-]+)\.md$")
_SCRIPT = re.compile(r"^scripts/([^/]+)\.([a-z0-9-]+)\.md$")  # read-aloud scripts (docs/scripts.md)
STATE_VI = {MISSING: "chưa dịch", STALE: "cần cập nhật", DRAFT: "bản nháp"}


@dataclass
class KitResult:
    path: Path
    tag: str
    pages: dict[str, str] = field(default_factory=dict)   # name -> state
    diff_pages: list[str] = field(default_factory=list)
    catalog: str = ""

    @property
    def diffs(self) -> int:
        return len(self.diff_pages)

    def summary(self) -> str:
        """One line per kind of content in the kit (pages, then read-aloud scripts, whose names
        in :attr:`pages` start with ``scripts/``), each with its counts by state."""
        parts = []
        for word, names in (("page", [n for n in self.pages if not n.startswith("scripts/")]),
                            ("script", [n for n in self.pages if n.startswith("scripts/")])):
            if names or word == "page":
                states = [self.pages[n] for n in names]
                counts = ", ".join(f"{states.count(st)} {st}" for st in (MISSING, STALE, DRAFT) if st in states)
                parts.append(f"{_n(len(names), word)} ({counts or 'nothing to do'})")
        return (f"{self.path}: {' and '.join(parts)} for '{self.tag}', "
                f"{_n(self.diffs, 'diff')}, messages.po ({self.catalog})\n"
                f"when it comes back: invoke i18n.import RETURNED.zip --lang {self.tag}")


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def write_kit(content_dir, registry: Registry, translations_dir, tag: str, out) -> KitResult:
    """Write the kit for language ``tag`` to ``out`` (a ``.zip`` path; folders created).

    Pages included: every page that is missing, stale or draft in that language (the report's
    to-do list, critical pages first); then, the same way, every read-aloud script (``scripts/``). Raises :class:`ProblemsFound` for an unknown tag or the
    source language.
    """
    language_report = _language(content_dir, registry, translations_dir, tag)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    base = f"loa-kit-{tag}/"
    result = KitResult(out, tag, catalog=strings_text(language_report.strings))
    manifest = {"loa_kit": KIT_FORMAT, "language": tag, "source_language": registry.source.tag,
                "created": datetime.date.today().isoformat(), "pages": []}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as kit:
        for kind, kind_report in _kinds(content_dir, registry, translations_dir, tag, language_report):
            for page in kind_report.to_do:
                manifest.setdefault(kind, []).append(_add_page(kit, base, kind, page, registry, tag, result))
        catalog = po_path(translations_dir, tag)
        if catalog.exists():
            kit.write(catalog, f"{base}messages.po")
        kit.writestr(f"{base}kit.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        kit.writestr(f"{base}HUONG-DAN.txt", guide(registry, tag, language_report, result).replace("\n", "\r\n"))
    return result


def _kinds(content_dir, registry: Registry, translations_dir, tag: str, pages_report: LanguageReport):
    """``[(kind, LanguageReport)]`` for every kind of content the kit carries
    (:data:`~loa.freshness.report.CONTENT_KINDS`: pages, then read-aloud scripts when there are any)."""
    found = [("pages", pages_report)]
    for kind in CONTENT_KINDS[1:]:
        if (Path(content_dir) / kind / registry.source.tag).is_dir():
            found.append((kind, build_report(content_dir, registry, translations_dir, kind=kind).get(tag)))
    return found


def _add_page(kit, base: str, kind: str, page, registry: Registry, tag: str, result: KitResult) -> dict:
    """Write one to-do item of ``kind`` into the kit: the Vietnamese text, the file to translate,
    and for a stale one the diff. Returns its manifest entry."""
    prefix = "" if kind == "pages" else f"{kind}/"
    source_text = page.source_path.read_bytes().decode("utf-8-sig")
    current = policy.hash_file_text(source_text)
    kit.writestr(f"{base}{kind}/{page.name}.{registry.source.tag}.md", source_text)
    if page.state == MISSING:
        work = translation_template(source_text)
    else:
        old = page.path.read_bytes().decode("utf-8-sig")
        work = old
        if page.state == STALE:
            work = set_metadata(old, {"source_hash": current, "translation_status": "draft"})
            diff = diff_since(page.source_path, old, str(page.path))
            if diff.diff:
                kit.writestr(f"{base}{kind}/{page.name}.diff", diff.diff)
                result.diff_pages.append(prefix + page.name)
    kit.writestr(f"{base}{kind}/{page.name}.{tag}.md", work)
    result.pages[prefix + page.name] = page.state
    return {"name": page.name, "state": page.state, "critical": page.critical, "source_hash": current}


def _language(content_dir, registry: Registry, translations_dir, tag: str) -> LanguageReport:
    language = registry.get(tag)
    if language is None or language.is_source:
        problems = Problems()
        message, hint = (registry.unknown_tag_message(tag) if language is None else
                         (f"'{tag}' is the source language: there is nothing to translate", "give a translation's tag"))
        problems.add(registry.path, 1, message, hint)
        raise ProblemsFound(problems.errors)
    return build_report(content_dir, registry, translations_dir).get(tag)


def guide(registry: Registry, tag: str, report: LanguageReport, result: KitResult) -> str:
    """HUONG-DAN.txt: what is in the kit and what to do, in plain Vietnamese."""
    language = registry[tag]
    src = registry.source.tag
    lines = [
        f"BỘ TÀI LIỆU DỊCH LOA: tiếng {language.latin_name or language.native_name} ({tag})",
        f"Ngày tạo: {datetime.date.today().isoformat()}",
        "",
        "Bộ này có:",
        f"  - pages/<tên>.{src}.md: trang tiếng Việt, bản mới nhất. Chỉ để đọc, không sửa.",
        f"  - pages/<tên>.{tag}.md: trang để dịch. Bạn viết bản dịch vào tệp này.",
        "  - pages/<tên>.diff: những chỗ tiếng Việt đã thay đổi từ lần dịch trước",
        "    (dòng bắt đầu bằng - là chữ cũ đã bỏ, dòng bắt đầu bằng + là chữ mới).",
        "  - messages.po: các câu ngắn trên trang web (nút, thông báo).",
    ]
    scripts = [name for name in result.pages if name.startswith("scripts/")]
    if scripts:
        lines += [
            f"  - scripts/<tên>.{tag}.md: bài đọc trên loa, để dịch như trang. Viết câu ngắn, dễ nghe.",
            "    Giữ nguyên [[hotline:...]], [[say:...|...]], [[pause]] và dấu > ở đầu đoạn.",
        ]
    lines += [
        "",
        "Các trang cần làm:",
    ]
    for page in report.to_do:
        extra = " - TRANG QUAN TRỌNG, làm trước" if page.critical else ""
        has_diff = f" (xem {page.name}.diff)" if page.name in result.diff_pages else ""
        lines.append(f"  - {page.name}: {STATE_VI[page.state]}{extra}{has_diff}")
    if not report.to_do:
        lines.append("  (không có trang nào: mọi trang đã dịch và kiểm tra xong)")
    for name in scripts:
        lines.append(f"  - {name}: {STATE_VI[result.pages[name]]}")
    lines += [
        "",
        "Cách làm:",
        f"  1. Mở tệp pages/<tên>.{tag}.md bằng một trình soạn văn bản (Notepad, TextEdit...).",
        "     Lưu với mã UTF-8.",
        "  2. Các dòng đầu tệp (title:, summary:, ...) là thông tin của trang.",
        "     - Dịch phần chữ sau \"title:\" và \"summary:\".",
        "     - Viết tên bạn sau \"translator:\".",
        "     - KHÔNG sửa dòng \"source_hash:\". Nó cho biết bạn dịch từ bản tiếng Việt nào.",
        "     - Để nguyên \"translation_status: draft\" (bản nháp). Bản dịch gửi về luôn được",
        "       nhận là bản nháp; khi người thứ hai đã đọc kiểm tra, người điều phối sẽ ghi lại.",
        "  3. Sau một dòng trống là nội dung trang. Dịch hết phần này.",
        "     Giữ nguyên các dấu #, -, *, [ ] ( ) và đường dẫn {filename}/... : đó là định dạng.",
        "     Giữ nguyên các chỗ trong [[ ]] và số điện thoại.",
        "  4. Với trang \"cần cập nhật\": tệp đã có bản dịch cũ. Đọc tệp .diff để thấy chỗ",
        "     tiếng Việt đã đổi, rồi sửa bản dịch cho khớp. Nếu không có tệp .diff, hãy so",
        "     cả trang với bản tiếng Việt.",
        "  5. messages.po: dịch từng dòng msgid (tiếng Việt) vào dòng msgstr ngay dưới.",
        "     Giữ nguyên các chỗ như %(name)s hoặc {count}. Để trống nếu chưa biết dịch.",
        "     Có thể dùng chương trình Poedit (miễn phí) để mở tệp này.",
        "  6. Khi xong, nén lại cả thư mục thành tệp .zip và gửi lại cho người điều phối.",
        "     Không đổi tên tệp. Trang nào chưa dịch xong thì cứ để nguyên, sẽ không bị dùng.",
        "",
        "Người điều phối sẽ kiểm tra tệp (invoke i18n.import) và báo lại nếu có lỗi.",
    ]
    return "\n".join(lines) + "\n"


# -- import ------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    placed: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        lines = [str(w) for w in self.warnings] + [f"not placed: {s}" for s in self.skipped]
        verb = "would place" if self.dry_run else "placed"
        lines += [f"{verb}: {p}" for p in self.placed]
        lines.append(f"{len(self.placed)} file(s) {verb}, {len(self.skipped)} not placed, "
                     f"{len(self.warnings)} warning(s).")
        return "\n".join(lines)


@dataclass(frozen=True)
class KitLimits:
    """What a returned kit may hold, checked from the zip's directory before any member is
    read, so that a small zip that expands to gigabytes (a "zip bomb") or holds 100,000 entries
    is refused at once (security review, L1: 206 KB became a 200 MB page and 2.7 GB of memory).

    ``max_entries``: entries in the zip (a kit holds a catalog, a guide, kit.json and up to
    three files per page: a few hundred at most). ``max_member_bytes``: expanded size of one
    member (the largest real page is under 20 KB, a catalog under 100 KB).
    ``max_total_bytes``: expanded size of all members together. Bytes (1 MB = 1,000,000).
    """

    max_entries: int = 2_000
    max_member_bytes: int = 2_000_000
    max_total_bytes: int = 20_000_000


def import_kit(zip_path, content_dir, registry: Registry, translations_dir, *, tag: str, dry_run: bool = False,
               limits: KitLimits = KitLimits()) -> ImportResult:
    """Check every file of a returned kit for language ``tag``, then place them: translations
    into ``content/pages/<tag>/<name>.md`` (read-aloud scripts into ``content/scripts/<tag>/``),
    interface strings merged into the language's ``messages.po`` (msgstr and fuzzy flag taken for msgids the catalog still has).

    Nothing in the kit is trusted (security review, M1 and L1):

    - ``tag`` is the language the kit was made for, given by the coordinator
      (``invoke i18n.import ZIP --lang TAG``); the zip must hold exactly one ``kit.json`` and it
      must name the same language. A kit touches only ``content/pages/<tag>/`` and that
      language's catalog.
    - The zip's directory is checked against ``limits`` before any member is read, and no
      member is read beyond them.
    - An imported translation is always a **draft**: ``translation_status: reviewed`` and
      ``reviewer:`` become ``translation_status: draft`` (with a warning). A review is recorded
      afterwards by the coordinator with ``invoke i18n.stamp TAG PAGE --reviewed-by NAME``.
    - Every ``pages/<name>.<tag>.md`` gets the build's own page checks
      (:func:`loa.languages.preflight.check_page`: metadata, dates, the HTML allowlist, personal
      data, links, typed phone numbers, hotline keys and pictograms), and needs a Vietnamese
      page and a valid ``source_hash``; ``messages.po`` parses, keeps its placeholders
      (:func:`loa.languages.catalogs.check_catalog`) and is for that language.

    Any error raises :class:`ProblemsFound` with every problem, each as ``zip:member:line``
    (the member's path inside the kit folder), and nothing is placed.
    """
    zip_path = Path(zip_path)
    label = zip_path.name
    problems = Problems()
    result = ImportResult(dry_run=dry_run)
    language = registry.get(tag)
    if language is None or language.is_source:
        message, hint = registry.unknown_tag_message(tag) if language is None else \
            (f"'{tag}' is the source language", "give the tag of the language the kit was made for")
        problems.add(f"{label} --lang", 1, message, hint)
        raise ProblemsFound(problems.errors)
    try:
        kit = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        problems.add(label, 1, f"cannot open this zip: {exc}", "send the .zip file made from the kit folder")
        raise ProblemsFound(problems.errors)
    with kit:
        infos = _within_limits(kit, label, limits, problems)
        if infos is None:
            raise ProblemsFound(problems.errors)
        members = {i.filename: i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")}
        manifests = sorted(n for n in members if n == "kit.json" or n.endswith("/kit.json"))
        if not manifests:
            problems.add(label, 1, "no kit.json in this zip: it is not a Loa kit",
                         "zip the whole kit folder, kit.json included")
            raise ProblemsFound(problems.errors)
        if len(manifests) > 1:
            problems.add(label, 1, f"this zip holds {len(manifests)} kit.json files ({', '.join(manifests[:5])}); "
                         "a kit has exactly one", f"send back only the folder loa-kit-{tag}, zipped once")
            raise ProblemsFound(problems.errors)
        base = manifests[0][: -len("kit.json")]
        if not _manifest_matches(kit, members[manifests[0]], tag, label, limits, problems):
            raise ProblemsFound(problems.errors)
        rules = _page_data(content_dir, registry)
        pages: dict[Path, str] = {}
        catalog_text = None
        for name, info in members.items():
            if not name.startswith(base):
                problems.warn(f"{label}:{name}", 1, "not part of a kit: ignored")
                continue
            member = name[len(base):]
            where = f"{label}:{member}"
            match = _PAGE.match(member) or _SCRIPT.match(member)
            kind = member.split("/")[0]
            if member in ("kit.json", "HUONG-DAN.txt") or member.endswith(".diff"):
                continue
            if match and match.group(2) == registry.source.tag:
                continue  # the Vietnamese copy, read-only
            if match:
                if match.group(2) != tag:
                    problems.add(where, 1, f"this file is for language '{match.group(2)}' but the kit is for '{tag}'",
                                 f"name it pages/{match.group(1)}.{tag}.md")
                    continue
                if not NAME_RE.match(match.group(1)):
                    problems.add(where, 1, f"there is no Vietnamese page '{match.group(1)}'",
                                 "keep the file names of the kit")
                    continue
                text, error = decode(_read(kit, info, limits))
                if error is not None:
                    problems.add(where, *error)
                    continue
                checked = _check_page(text, match.group(1), tag, where, content_dir, registry, rules,
                                      problems, result, kind=kind)
                if checked is not None:
                    pages[checked[0]] = checked[1]
            elif member == "messages.po":
                catalog_text = _check_po(_read(kit, info, limits), tag, where, problems)
            else:
                problems.warn(where, 1, "not part of a kit: ignored")
        if problems.errors:
            raise ProblemsFound(problems.errors + problems.warnings)
    catalog = None
    if catalog_text is not None:
        catalog = _merged_catalog(catalog_text, po_path(translations_dir, tag), f"{label}:messages.po", problems, result)
    result.warnings = problems.warnings
    if not dry_run:
        for target, text in pages.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if catalog is not None:
            catalog.save()
    result.placed = sorted(pages) + ([Path(catalog.fpath)] if catalog is not None else [])
    return result


def _within_limits(kit: zipfile.ZipFile, label: str, limits: KitLimits, problems: Problems):
    """The zip's entries if its directory keeps within ``limits``, else None with the problems
    added. Nothing is read or decompressed here: the sizes are those the directory records."""
    infos = kit.infolist()
    if len(infos) > limits.max_entries:
        problems.add(label, 1, f"this zip holds {len(infos):,} entries; a kit holds at most {limits.max_entries:,}",
                     "send back only the kit folder, zipped once")
        return None
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            problems.add(f"{label}:{info.filename}", 1,
                         f"this file would expand to {info.file_size:,} bytes; a kit file may have at most "
                         f"{limits.max_member_bytes:,}", "send back the kit's own files: a page is a few KB")
        total += info.file_size
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        seen: set[str] = set()
        twice = sorted({n for n in names if n in seen or seen.add(n)})
        problems.add(label, 1, f"this zip holds two files with the same name: {', '.join(twice[:5])}",
                     "zip the kit folder again, once")
    if total > limits.max_total_bytes:
        problems.add(label, 1, f"this zip would expand to {total:,} bytes; a kit may have at most "
                     f"{limits.max_total_bytes:,}", "send back only the kit folder, zipped once")
    return None if problems.errors else infos


def _read(kit: zipfile.ZipFile, info: zipfile.ZipInfo, limits: KitLimits) -> bytes:
    """A member's bytes, never more than the limit, whatever the zip's directory claims."""
    with kit.open(info) as member:
        return member.read(min(info.file_size, limits.max_member_bytes))


def _manifest_matches(kit, info, tag: str, label: str, limits: KitLimits, problems: Problems) -> bool:
    where = f"{label}:{info.filename}"
    try:
        manifest = json.loads(_read(kit, info, limits).decode("utf-8"))
        said = str(manifest["language"])
    except (ValueError, KeyError, TypeError) as exc:
        problems.add(where, 1, f"kit.json cannot be read: {exc}", "send kit.json back unchanged")
        return False
    if said != tag:
        problems.add(where, 1, f"kit.json says this kit is for '{said}', but it is being imported as '{tag}'",
                     f"check which kit you sent out; import it with --lang {said} only if that is the kit "
                     "made for that language")
        return False
    return True


@dataclass(frozen=True)
class _PageRules:
    """What the build checks a page's text against: the hotline directory (None when the data
    has a mistake: that is the build's to report, and hotline keys are then not checked, as in
    the build), the pictogram names and the outdated facts (``content/data/outdated.yaml``)."""

    directory: object
    pictograms: frozenset
    outdated: list


def _page_data(content_dir, registry: Registry) -> _PageRules:
    from loa.checks.content import load_outdated

    content_dir = Path(content_dir)
    scratch = Problems()
    directory = load_directory(content_dir / "data", registry, scratch)
    pictograms = frozenset(p.stem for p in (content_dir / "pictograms").glob("*.svg"))
    outdated, _ = load_outdated(content_dir / "data" / "outdated.yaml")
    return _PageRules(None if scratch.errors else directory, pictograms, outdated)


def _check_page(text, name, tag, where, content_dir, registry: Registry, rules: _PageRules,
                problems: Problems, result: ImportResult, kind: str = "pages") -> tuple[Path, str] | None:
    """Check one returned translation of ``kind`` (``pages`` or ``scripts``) with the build's
    page checks; returns where to place it and the text to place (always a draft), or None
    (errors, or nothing to place)."""
    pages = Path(content_dir) / kind
    source = pages / registry.source.tag / f"{name}.md"
    if not source.exists():
        problems.add(where, 1, f"there is no Vietnamese page '{name}'", "keep the file names of the kit")
        return None
    found = _build_checks(text, name, tag, where, source, content_dir, registry, rules, kind)
    for line, message, hint in found:
        problems.add(where, line, message, hint)
    returned = parse_page(text.encode("utf-8"), where, tag)   # the page record the build would make of it
    meta = returned.meta
    recorded = meta.get("source_hash")
    if policy.clean_hash(recorded) is None:
        problems.add(where, key_line(text, "source_hash"),
                     "source_hash is missing or changed" if recorded is None else f"source_hash '{recorded}' is not valid",
                     "copy the source_hash line back exactly as the kit had it")
        return None
    if found:
        return None
    claimed = str(meta.get("translation_status", "")).strip().lower()
    claim_line = key_line(text, "translation_status")
    if claimed != "draft" or "reviewer" in meta:
        text = _without_reviewer(set_metadata(text, {"translation_status": "draft"}))
    target = pages / tag / f"{name}.md"
    source_hash = read_page(source, registry.source.tag).body_hash
    own = parse_page(text.encode("utf-8"), where, tag).body_hash
    if own in (source_hash, policy.clean_hash(recorded)):   # today's Vietnamese, or the kit's
        result.skipped.append(f"{where}: still the Vietnamese text")
        return None
    if target.exists() and own == read_page(target, tag).body_hash:
        result.skipped.append(f"{where}: text unchanged")
        return None
    if policy.clean_hash(recorded) != source_hash:
        problems.warn(where, key_line(text, "source_hash"),
                      "the Vietnamese page changed after this kit was made: it will show as stale",
                      f"see: invoke i18n.diff {tag} {name}")
    if claimed != "draft" or "reviewer" in meta:
        reviewer = f" and reviewer: {meta['reviewer']}" if "reviewer" in meta else ""
        problems.warn(where, claim_line, f"the kit says translation_status: {claimed}{reviewer}; an imported "
                      "translation is always placed as a draft",
                      f"once a second person has checked it: invoke i18n.stamp {tag} {name} --reviewed-by NAME")
    return target, text


def _build_checks(text, name, tag, where, source: Path, content_dir, registry: Registry, rules: _PageRules,
                  kind: str) -> list[tuple[int, str, str]]:
    """The checks the build makes on this file, as ``[(line, message, hint)]``: a page's
    (:func:`loa.languages.preflight.check_page`) or a read-aloud script's
    (:func:`loa.spoken.collect.check_script_text`), then the content rules every file meets
    (outdated facts, NFC: :mod:`loa.checks.content`)."""
    from loa.checks.content import not_nfc_in_text, outdated_in_text

    if kind == "scripts":
        from loa.spoken.collect import check_script_text

        numbers = None if rules.directory is None else rules.directory.numbers()
        source_meta = read_page(source, registry.source.tag).meta
        _, found = check_script_text(text, tag=tag, name=name, path=where, is_source=False, numbers=numbers,
                                     source_kind=source_meta.get("kind"))
    else:
        from loa.directory.scan import check_text

        def scan(text):
            return check_text(text, rules.directory, frozenset(rules.pictograms or ()))

        uses_directory = rules.directory is not None or rules.pictograms is not None
        found = check_page(text, tag=tag, registry=registry, content_root=content_dir,
                           scan=scan if uses_directory else None)
    found = list(found) + outdated_in_text(text, rules.outdated) + not_nfc_in_text(text)
    return sorted(found, key=lambda problem: problem[0])


def _without_reviewer(text: str) -> str:
    """``text`` without its ``reviewer:`` metadata line (and that line's continuation lines)."""
    out, dropping, in_meta = [], False, True
    for line in text.split("\n"):
        if in_meta and not line.strip():
            in_meta = False
        if in_meta and re.match(r"^\s*reviewer\s*:", line, re.IGNORECASE):
            dropping = True
            continue
        if in_meta and dropping and line[:1] in (" ", "\t") and line.strip():
            continue
        dropping = False
        out.append(line)
    return "\n".join(out)


def _check_po(data: bytes, tag: str, where: str, problems: Problems) -> str | None:
    text, error = decode(data)
    if error is not None:
        problems.add(where, *error)
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "messages.po"
        path.write_text(text, encoding="utf-8")
        found = Problems(root=Path(folder))
        po = check_catalog(path, found)
    for p in found.items:
        problems.add(where, p.line, p.message, p.hint, p.severity)
    if po is None:
        return None
    language = po.metadata.get("Language", "")
    if language != tag:
        problems.add(where, _po_line(text, "Language:"), f"this catalog is for '{language or 'no language'}', not '{tag}'",
                     f"send back the messages.po of the {tag} kit")
    return text


def _po_line(text: str, needle: str) -> int:
    return next((n for n, line in enumerate(text.splitlines(), 1) if needle in line), 1)


def _merged_catalog(text: str, target: Path, where: str, problems: Problems, result: ImportResult):
    """The repository's catalog with the returned msgstrs (and fuzzy flags) merged in; None when
    nothing changes. A catalog that does not exist yet is taken as returned."""
    returned = polib.pofile(text)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        returned.fpath = str(target)
        return returned
    current = polib.pofile(str(target))
    by_key = {(e.msgctxt, e.msgid): e for e in returned if not e.obsolete}
    changed = 0
    for entry in current:
        if entry.obsolete:
            continue
        new = by_key.pop((entry.msgctxt, entry.msgid), None)
        if new is None:
            continue
        before = (entry.msgstr, dict(entry.msgstr_plural), entry.fuzzy)
        entry.msgstr = new.msgstr
        if entry.msgid_plural:
            entry.msgstr_plural = dict(new.msgstr_plural)
        if new.fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        if not new.fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += (entry.msgstr, dict(entry.msgstr_plural), entry.fuzzy) != before
    gone = [k for k, e in by_key.items() if e.msgid and (e.msgstr or any(e.msgstr_plural.values()))]
    if gone:
        problems.warn(where, 1, f"{len(gone)} translated string(s) are no longer used by the site and were left out")
    if not changed:
        result.skipped.append(f"{where}: no interface string changed")
        return None
    return current
