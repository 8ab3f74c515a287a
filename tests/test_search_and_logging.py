"""FAQ search normalisation, and the log redactor."""

from __future__ import annotations

import logging

from bot.logging_setup import Redactor
from bot.services.faq_search import FaqSearchIndex, normalize, tokens
from storage.repositories import SearchDocument


def test_normalisation_forgives_missing_letters_and_diacritics() -> None:
    assert normalize("Қазақстан") == normalize("Казакстан")
    assert normalize("Ёлка") == normalize("елка")
    assert normalize("قازاقي") == normalize("قازاقى")  # Arabic and Uyghur yeh typed alike
    # Stems join inflections (the exact token is a script-independent key, not asserted here).
    assert tokens("renewing certificates") == tokens("renew certificate") and len(tokens("renew certificate")) == 2


def test_ranking_and_threshold() -> None:
    index = FaqSearchIndex()
    index.rebuild(
        [
            SearchDocument(1, "en", "How do I renew my certificate?", "Renew at the office.", "extend, prolong"),
            SearchDocument(2, "en", "What is kandas status?", "Kandas are ethnic Kazakhs.", "oralman"),
            SearchDocument(2, "ru", "Что такое статус қандас?", "Қандасы.", "оралман"),
        ]
    )
    assert [m.item_id for m in index.search("renew certificate")][:1] == [1]
    assert [m.item_id for m in index.search("оралман статус")][:1] == [2]
    assert index.search("zzzz qqqq") == []
    assert index.search("") == []


def test_redactor_removes_ids_tokens_and_exception_text() -> None:
    redactor = Redactor(["424242:SECRET"])
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "user %s token %s", (987654321, "424242:SECRET"), None)
    redactor.filter(record)
    assert record.getMessage() == "user <n> token <secret>"
    try:
        raise ValueError("text the user typed")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    redactor.filter(record)
    assert record.getMessage() == "failed [ValueError]" and record.exc_info is None
