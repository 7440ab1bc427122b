"""Source hashes and statuses (loa.site.policy): the rules every other freshness tool relies on."""
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loa.site import policy as core
from loa.site.metadata import split_metadata
from loa.site.policy import decide, hash_file_text, source_hash

PAGE = """title: Nơi nhận giúp đỡ
summary: Gọi ai khi cần giúp.
order: 10

Khi cần giúp, hãy gọi ngay số 111.
Cuộc gọi miễn phí.

- Công an xã
- Đồn biên phòng
"""
H = hash_file_text(PAGE)


# -- normalisation --------------------------------------------------------------------------

@pytest.mark.parametrize("label, edited", [
    ("re-wrapped paragraph", PAGE.replace("số 111.\nCuộc gọi", "số\n111. Cuộc gọi")),
    ("joined lines", PAGE.replace("111.\nCuộc", "111. Cuộc")),
    ("CRLF line ends", PAGE.replace("\n", "\r\n")),
    ("old Mac CR line ends", PAGE.replace("\n", "\r")),
    ("trailing spaces", PAGE.replace("ngay số 111.\n", "ngay số 111.   \n")),
    ("tabs and double spaces", PAGE.replace("hãy gọi", "hãy \t gọi")),
    ("byte-order mark", "\ufeff" + PAGE),
    ("NFD Vietnamese", unicodedata.normalize("NFD", PAGE)),
    ("extra blank lines", PAGE.replace("\n\n- Công", "\n\n\n\n- Công")),
    ("summary edited", PAGE.replace("Gọi ai khi cần giúp.", "Số điện thoại cần nhớ.")),
    ("metadata added", PAGE.replace("order: 10\n", "order: 10\nreviewed_on: 2026-12-01\n")),
    ("metadata between --- lines", "---\n" + PAGE.replace("\n\n", "\n---\n\n", 1)),
    ("indented list items", PAGE.replace("- Đồn", "  - Đồn")),
])
def test_edits_that_change_no_visible_text_keep_the_hash(label, edited):
    assert hash_file_text(edited) == H, label


@pytest.mark.parametrize("label, edited", [
    ("a changed word", PAGE.replace("miễn phí", "có phí")),
    ("a changed number", PAGE.replace("111", "113")),
    ("a changed tone mark", PAGE.replace("gọi ngay", "gói ngay")),
    ("a changed title", PAGE.replace("title: Nơi nhận giúp đỡ", "title: Nơi giúp đỡ")),
    ("a new list item", PAGE + "- Hội Phụ nữ\n"),
    ("two list items merged", PAGE.replace("xã\n- Đồn", "xã Đồn")),
    ("a paragraph split in two", PAGE.replace("111.\nCuộc", "111.\n\nCuộc")),
    ("a line made a heading", PAGE.replace("Cuộc gọi", "# Cuộc gọi")),
])
def test_edits_that_change_what_readers_see_change_the_hash(label, edited):
    assert hash_file_text(edited) != H, label


def test_a_hash_is_sixteen_lower_case_hex_digits():
    assert len(H) == 16 and set(H) <= set("0123456789abcdef")


def test_the_hash_covers_title_and_body_as_documented():
    meta, body = split_metadata(PAGE)
    assert meta["title"] == "Nơi nhận giúp đỡ" and meta["order"] == "10"
    assert source_hash(meta["title"], body) == H
    assert core.normalise("Tiêu đề", "a\nb\n\n\nc") == "Tiêu đề\n\na b\n\nc"


def test_a_dash_line_inside_a_paragraph_is_text_but_inside_a_list_is_an_item():
    assert core.normalise("T", "Gọi số\n- 111 ngay") == "T\n\nGọi số - 111 ngay"
    assert core.normalise("T", "- một\n- hai") == "T\n\n- một\n- hai"


@pytest.mark.parametrize("recorded, clean", [
    ("0123456789abcdef", "0123456789abcdef"),
    ("  0123456789ABCDEF ", "0123456789abcdef"),
    ("sha256:0123456789abcdef", "0123456789abcdef"),
    ("0123", None), ("", None), (None, None), ("not a hash at all", None),
])
def test_a_recorded_hash_is_read_leniently_but_must_be_sixteen_hex_digits(recorded, clean):
    assert core.clean_hash(recorded) == clean


# -- property tests ---------------------------------------------------------------------------

LETTERS = "abcdeghiklmnopqrstuvxyăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵ"
_word = st.text(alphabet=LETTERS + LETTERS.upper() + "0123456789", min_size=1, max_size=8)
# a word may end in punctuation or be a lone dash or number: inside a paragraph they are text
_token = st.one_of(_word, _word.map(lambda w: w + "."), _word.map(lambda w: w + ","),
                   st.sampled_from(["-", "*", "+", "2.", "3)", "|"]))
paragraph = st.tuples(_word, st.lists(_token, max_size=30)).map(lambda t: [t[0], *t[1]])


def wrap(words: list[str], breaks: list[bool], spaces: list[int]) -> str:
    out = words[0]
    for i, word in enumerate(words[1:]):
        sep = "\n" if breaks[i % len(breaks)] else " " * spaces[i % len(spaces)]
        out += sep + word
    return out


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(paragraph, min_size=1, max_size=4),
       breaks=st.lists(st.booleans(), min_size=1, max_size=10),
       spaces=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=5),
       trailing=st.sampled_from(["", " ", "  ", "\t"]))
def test_re_wrapping_any_paragraph_never_changes_the_hash(paragraphs, breaks, spaces, trailing):
    plain = "\n\n".join(" ".join(words) for words in paragraphs)
    wrapped = "\n\n".join(wrap(words, breaks, spaces) for words in paragraphs).replace("\n", trailing + "\n")
    assert source_hash("Tiêu đề", wrapped) == source_hash("Tiêu đề", plain)


@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(paragraph, min_size=1, max_size=4), bom=st.booleans(),
       newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_hash_file_text_is_stable_under_crlf_and_bom(paragraphs, bom, newline):
    text = "title: Trang\nsummary: Tóm tắt\n\n" + "\n\n".join(" ".join(w) for w in paragraphs) + "\n"
    variant = ("\ufeff" if bom else "") + text.replace("\n", newline)
    assert hash_file_text(variant) == hash_file_text(text)


@settings(max_examples=200, deadline=None)
@given(words=paragraph, index=st.integers(min_value=0), new=_word)
def test_changing_any_word_changes_the_hash(words, index, new):
    index %= len(words)
    if words[index] == new:
        return
    edited = words.copy()
    edited[index] = new
    assert source_hash("T", " ".join(edited)) != source_hash("T", " ".join(words))


@settings(max_examples=200, deadline=None)
@given(words=paragraph)
def test_nfc_and_nfd_spellings_hash_the_same(words):
    text = " ".join(words)
    assert source_hash("T", unicodedata.normalize("NFD", text)) == source_hash("T", text)


# -- statuses -----------------------------------------------------------------------------------

OLD = "0" * 16
NOW = "abcdef0123456789"

# is_source, has_translation, recorded, review, critical, production, drafts_allowed -> status, shows translation, reason
TRANSITIONS = [
    ("source language", dict(is_source_language=True), ("source", False, "")),
    ("source language ignores a translation", dict(is_source_language=True, has_translation=True, recorded_hash=OLD),
     ("source", False, "")),
    ("no translation", dict(has_translation=False), ("fallback", False, "missing")),
    ("no translation, critical", dict(has_translation=False, critical=True), ("fallback", False, "missing")),
    ("reviewed, hash matches", dict(recorded_hash=NOW, review="reviewed"), ("current", True, "")),
    ("reviewed, sha256: prefix", dict(recorded_hash="sha256:" + NOW, review="Reviewed"), ("current", True, "")),
    ("draft, hash matches", dict(recorded_hash=NOW, review="draft"), ("draft", True, "")),
    ("no review status counts as draft", dict(recorded_hash=NOW, review=None), ("draft", True, "")),
    ("reviewed, source changed", dict(recorded_hash=OLD, review="reviewed"), ("stale", True, "")),
    ("draft, source changed", dict(recorded_hash=OLD, review="draft"), ("stale", True, "")),
    ("no hash recorded", dict(recorded_hash=None, review="reviewed"), ("stale", True, "")),
    ("malformed hash", dict(recorded_hash="abc", review="reviewed"), ("stale", True, "")),
    ("critical, reviewed, current", dict(recorded_hash=NOW, review="reviewed", critical=True), ("current", True, "")),
    ("critical, draft, current", dict(recorded_hash=NOW, review="draft", critical=True), ("draft", True, "")),
    ("critical, stale", dict(recorded_hash=OLD, review="reviewed", critical=True), ("fallback", False, "stale-critical")),
    ("critical, stale, production", dict(recorded_hash=OLD, review="reviewed", critical=True, production=True),
     ("fallback", False, "stale-critical")),
    ("production, draft, drafts not allowed", dict(recorded_hash=NOW, review="draft", production=True,
                                                   drafts_allowed=False), ("fallback", False, "draft")),
    ("production, draft, drafts allowed", dict(recorded_hash=NOW, review="draft", production=True,
                                               drafts_allowed=True), ("draft", True, "")),
    ("production, reviewed, drafts not allowed", dict(recorded_hash=NOW, review="reviewed", production=True,
                                                      drafts_allowed=False), ("current", True, "")),
    ("production, stale draft, drafts not allowed", dict(recorded_hash=OLD, review="draft", production=True,
                                                         drafts_allowed=False), ("fallback", False, "draft")),
    ("production, stale reviewed, drafts not allowed", dict(recorded_hash=OLD, review="reviewed", production=True,
                                                            drafts_allowed=False), ("stale", True, "")),
    ("development shows drafts even when production would not",
     dict(recorded_hash=NOW, review="draft", production=False, drafts_allowed=False), ("draft", True, "")),
]


@pytest.mark.parametrize("label, given_, expected", TRANSITIONS, ids=[t[0] for t in TRANSITIONS])
def test_decide_gives_each_state_its_status(label, given_, expected):
    arguments = dict(is_source_language=False, has_translation=True, current_hash=NOW)
    arguments.update(given_)
    decision = decide(**arguments)
    assert (decision.status, decision.show_translation, decision.reason) == expected


def test_every_status_decide_returns_is_a_documented_one():
    seen = {decide(**dict(dict(is_source_language=False, has_translation=True, current_hash=NOW), **g)).status
            for _, g, _ in TRANSITIONS}
    assert seen == set(core.STATUSES)


def test_a_translation_goes_stale_when_its_source_paragraph_changes_and_current_again_when_stamped():
    translation_hash = H
    edited = hash_file_text(PAGE.replace("miễn phí", "mất phí"))
    assert decide(is_source_language=False, has_translation=True, recorded_hash=translation_hash,
                  current_hash=edited, review="reviewed").status == "stale"
    assert decide(is_source_language=False, has_translation=True, recorded_hash=edited,
                  current_hash=edited, review="reviewed").status == "current"
