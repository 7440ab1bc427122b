"""Script text as spoken: numbers digit by digit, syllables, the pace learned from recordings."""
from __future__ import annotations

import pytest

from loa.audio.spoken import SpeakingRate, count_syllables, expected_seconds, speaking_rate, spoken_text


@pytest.mark.parametrize("body,spoken", [
    ("Hãy gọi [[hotline:111]].", "Hãy gọi một – một – một."),
    ("Gọi [[hotline:tu-van]] ngay.", "Gọi một – tám – không – không ngay."),
    ("**Nhớ**: [[pause]] gọi [[ hotline:111 ]]", "Nhớ: gọi một – một – một"),
    ("## Tiêu đề\n\n- một việc\n- [hai](x.md)", "Tiêu đề\n\nmột việc\nhai"),
])
def test_spoken_text_reads_hotlines_digit_by_digit_and_drops_marks_and_cues(body, spoken):
    assert spoken_text(body, {"111": "111", "tu-van": "1800"}) == spoken


def test_syllables_are_the_words_with_letters_or_digits_not_the_dashes_between_digits():
    assert count_syllables("Hãy gọi một – một – một.") == 5


def test_the_pace_is_unknown_until_enough_recordings_exist_then_weighs_by_length():
    assert speaking_rate([(30, 10.0)], minimum=2) is None
    assert speaking_rate([(30, 10.0), (0, 5.0)], minimum=2) is None
    rate = speaking_rate([(30, 10.0), (90, 20.0)], minimum=2)
    assert rate == SpeakingRate(4.0, 2)
    assert expected_seconds(60, rate) == 15.0
