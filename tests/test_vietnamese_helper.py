"""The shared judge of "English output" (:mod:`vietnamese`): what it spares and what it flags."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from vietnamese import VIETNAMESE, assert_english, unquoted, vietnamese_left, vietnamese_words


def test_a_vietnamese_line_is_flagged_and_an_english_one_is_not() -> None:
    text = "Error: a.yaml, line 2: the value is empty\nLỗi: tệp không có\nDone."
    assert vietnamese_left(text) == ["Lỗi: tệp không có"]
    assert vietnamese_words(text) == ["Lỗi:", "tệp", "không", "có"]
    assert vietnamese_left("Error: the date does not exist (ngày 31/02)") == \
        ["Error: the date does not exist (ngày 31/02)"]


def test_every_vietnamese_letter_counts_and_no_english_sign_does() -> None:
    for letter in "ăâđêôơưàảãạằẳẵặậèẽẹềếệìỉĩịòỏõọồộờỡợùủũụừữựỳýỷỹỵĂĐƠƯẠỲ":
        assert VIETNAMESE.search(f"x{letter}x"), letter
    assert not VIETNAMESE.search("Layout → Margins — 12.5 pt, “x”, «y», 'z' … 100% #1 _a_")
    # A letter written as a base and a combining mark is the same letter.
    decomposed = unicodedata.normalize("NFD", "ghi chú")
    assert vietnamese_left(decomposed) == [decomposed]


def test_quoted_values_are_spared() -> None:
    assert_english("Error: a.yaml, line 2: the value 'Sa Thầy' is not valid")
    assert_english("Note: the drafter “Châu” and «Đắk Lắk»")
    assert_english("Fixed punctuation, capitals: «căn cứ» → «Căn cứ»")
    assert_english("Note: 'Lưu' line (the form cannot take it: 'X')")
    assert_english('Give the first words of the paragraph, e.g. --tu "Điều 2".')


def test_an_apostrophe_in_a_word_opens_no_quote() -> None:
    # Paired with the quote after it, "agency's" would have hidden "trường".
    assert vietnamese_words("Note: the agency's trường 'x' is empty") == ["trường"]
    assert vietnamese_words("the clerks' list không 'Sa Thầy'") == ["không"]
    assert_english("Note: the agency's name «TỈNH LÂM ĐỒNG» is 'Lâm Đồng' now")
    # An apostrophe inside a quoted value does not end it.
    assert_english("the name 'Nhà văn hóa's sân' is too long")
    assert vietnamese_words("Lưu ý: không mang sang được «Điều 1» 'Sa Thầy'") == \
        ["Lưu", "ý:", "không", "được"]
    assert vietnamese_words("Note: 'Lưu' line (the form cannot take it: 'X' không phải)") == \
        ["không", "phải)"]


def test_nested_quotes_go_whole() -> None:
    assert_english("near the paragraph «Điều 1 “Sa Thầy” và 'Đắk Lắk'» of the body")
    assert_english("the line “Nơi nhận: «Như Điều 3»” is quoted")
    assert unquoted("a «b “c” d» e") == "a   e"


def test_a_quote_does_not_run_over_a_line_or_open_without_a_close() -> None:
    assert vietnamese_left("the value 'Sa\nThầy' is long") == ["Thầy' is long"]
    assert vietnamese_left("an open «quote of tệp") == ["an open «quote of tệp"]
    assert vietnamese_left('type "Tên thôn;Số tham gia" as the "first row') == []
    assert vietnamese_left('an odd " quote of tệp') == ['an odd " quote of tệp']


def test_given_values_are_taken_out_by_exact_text_longest_first() -> None:
    line = "Issued number 01: lt/2026/01-TB-UBND-lịch-tiếp-công-dân.docx, signed by Trần Hải"
    assert vietnamese_left(line) == [line]
    assert vietnamese_left(line, ["lịch-tiếp-công-dân", "Trần Hải"]) == []
    # "Sa Thầy" inside "Xã Sa Thầy" does not leave "Xã" behind.
    assert vietnamese_left("for Xã Sa Thầy", ["Sa Thầy", "Xã Sa Thầy"]) == []
    assert vietnamese_left("for Xã Sa Thầy", ["Sa Thầy"]) == ["for Xã Sa Thầy"]
    assert vietnamese_left("wrote /tmp/ghi-chú", [Path("/tmp/ghi-chú")]) == []


def test_without_quotes_only_the_values_are_spared() -> None:
    assert vietnamese_left("Open 'Tiếng Việt'", quotes=False) == ["Open 'Tiếng Việt'"]
    assert vietnamese_left("Open 'Tiếng Việt'", ["'Tiếng Việt'"], quotes=False) == []


def test_the_failure_names_the_lines_and_words() -> None:
    with pytest.raises(AssertionError) as info:
        assert_english("Error: a.yaml, line 2, field x: trường 'x' không có\nfine",
                       ["a.yaml"])
    message = str(info.value)
    assert "1 line(s)" in message
    assert "words: ['trường', 'không', 'có']" in message
    assert message.endswith("--- whole text:\nError: a.yaml, line 2, field x: trường 'x' "
                            "không có\nfine")
