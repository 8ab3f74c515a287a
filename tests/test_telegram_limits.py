"""bot/services/telegram_limits.py and the case card: lengths measured as Telegram measures them
(the emulator's HTML parser, UTF-16 units), splitting on sensible boundaries, a card that always
fits and whatever it leaves out given whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.emulator.html import parse_html, utf16_len
from bot.i18n import Translator
from bot.services.case_cards import card_layout, shared_in_full
from bot.services.telegram_limits import TEXT_LIMIT, pack, split_plain, telegram_length
from storage.cases import CaseEntry

TRANSLATOR = Translator()
CASE = CaseEntry(1, "C-ABCDEF", 1, "open", "high", "report", "ug", None, None, datetime.now(UTC), None, None,
                 None, None)


def telegram_counts(html_text: str) -> int:
    return utf16_len(parse_html(html_text)[0])


@given(st.text(alphabet=st.sampled_from("ab <&>\n.😀ئ"), max_size=300))
def test_length_is_what_telegram_counts(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert telegram_length(f"<b>{escaped}</b>\n<i>x</i>") == telegram_counts(f"<b>{escaped}</b>\n<i>x</i>")


@given(st.text(alphabet=st.sampled_from("ab \n.😀ئ"), max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_fit_and_lose_nothing_but_the_spaces_they_were_cut_at(text: str, limit: int) -> None:
    pieces = split_plain(text, limit)
    assert all(utf16_len(piece) <= limit and piece for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_cut_at_a_paragraph_then_a_sentence_then_a_space() -> None:
    assert split_plain("First part here.\n\nSecond one", 24) == ["First part here.", "Second one"]
    assert split_plain("One sentence. Another sentence", 24) == ["One sentence.", "Another sentence"]
    assert split_plain("words and more words", 12) == ["words and", "more words"]
    assert split_plain("x" * 10, 4) == ["xxxx", "xxxx", "xx"]


def test_pack_keeps_order_and_the_limit() -> None:
    assert pack(["aaa", "bb", "cccc", "d"], 7) == ["aaa\nbb", "cccc\nd"]


@pytest.mark.parametrize("locale", ["en", "ru", "kk", "ug"])
def test_card_fits_and_what_it_leaves_out_follows_whole(locale: str) -> None:
    card = ["Report R-ABCDEF", *(f"Answer {i}: " + "😀 they came again & again <at night>. " * 40 for i in range(20))]
    text, not_whole = card_layout(TRANSLATOR, locale, CASE, card)
    shown = parse_html(text)[0]
    assert telegram_counts(text) <= TEXT_LIMIT
    assert card[0] in shown and not_whole == card[1:]  # the long lines: shortened or left out
    previews = sum(f"Answer {i}: 😀 they came" in shown for i in range(20))
    assert 0 < previews < 20 and TRANSLATOR.get(locale, "cases-card-left-out", count=20 - previews) in text
    notices = shared_in_full(TRANSLATOR, locale, CASE, not_whole)
    assert all(telegram_counts(f"<b>{CASE.code}</b>\n{notice}") <= TEXT_LIMIT for notice in notices)
    given_whole = "".join("".join(parse_html(notice)[0].split()) for notice in notices)
    assert all("".join(line.split()) in given_whole for line in not_whole)
