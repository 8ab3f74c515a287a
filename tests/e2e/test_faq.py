"""FAQ: browse topics, read an answer with sources and date, vote, and free-text search."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.i18n import format_date
from bot.services.faq_seed import load_seed
from storage.models import FaqItem
from tests.support.screens import first_line, plain, translator
from tests.support.telegram_client import UserClient, newest


async def onboarded(emulator, user_id: int, locale: str = "en") -> UserClient:
    user = UserClient(emulator, user_id, language_code="en")
    await user.command("/start")
    await user.press(translator().native_name(locale) if locale != "en" else "✓ English")
    await user.press(0)
    return user


@pytest.mark.parametrize("locale", ["en", "ug"])
async def test_browse_topic_read_answer_and_vote(locale: str, running_bot, emulator) -> None:
    seed = load_seed()
    first_topic = seed["topics"][0]["slug"]
    first_item = next(item for item in seed["items"] if item["topic"] == first_topic)
    user = await onboarded(emulator, 620000001, locale)

    [topics] = await user.press(plain(locale, "menu-faq"))
    assert user.buttons(topics)[: len(seed["topics"])] == [plain(locale, f"faq-topic-{t['slug']}") for t in seed["topics"]]
    [questions] = await user.press(plain(locale, f"faq-topic-{first_topic}"))
    question = plain(locale, f"faq-item-{first_item['slug']}-question")
    assert question in user.buttons(questions)

    [answer] = await user.press(question)
    assert first_line(answer.text) == plain(locale, "faq-title")  # neutral, not the question
    assert question in answer.text
    assert plain(locale, "faq-sources") in answer.text
    assert plain(locale, "faq-verified", date=format_date(locale, first_item["verified"])) in answer.text
    for source in first_item.get("sources", []):
        assert source["title"] in answer.text
    links = [e for e in answer.entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == [s["url"] for s in first_item.get("sources", []) if s.get("url")]

    [voted] = await user.press(plain(locale, "faq-helpful-yes"))
    assert plain(locale, "faq-helpful-thanks") in voted.text
    assert plain(locale, "faq-helpful-yes") not in user.buttons(voted)
    async with running_bot.app.sessions() as session:
        item = await session.scalar(select(FaqItem).where(FaqItem.slug == first_item["slug"]))
    assert (item.helpful_yes, item.helpful_no) == (1, 0)

    [back] = await user.press(plain(locale, "common-back"))
    assert question in user.buttons(back)
    if translator().is_rtl(locale):
        from tests.e2e.test_onboarding import assert_right_to_left

        assert_right_to_left(emulator, user.chat_id)  # sources are often Latin script


@pytest.mark.parametrize(
    ("locale", "query", "expected_slug"),
    [
        ("en", "how do I renew my asylum seeker certificate", "renewal-certificate"),
        ("ru", "как продлить справку лица, ищущего убежище", "renewal-certificate"),
        ("en", "what is kandas status and how to apply", "kandas-apply"),
        ("kk", "қос азаматтық үшін айыппұл", "dual-kazakhstan-rules"),
        ("en", "how do I save evidence of threatening messages", "evidence-save"),
    ],
)
async def test_free_text_search_finds_the_answer(locale, query, expected_slug, running_bot, emulator) -> None:
    slugs = {item["slug"] for item in load_seed()["items"]}
    if expected_slug not in slugs:
        pytest.fail(f"seed has no item {expected_slug!r}; items: {sorted(slugs)}")
    user = await onboarded(emulator, 620000002, locale)
    results = newest(await user.send_text(query))
    assert first_line(results.text) == plain(locale, "faq-search-title")
    assert plain(locale, f"faq-item-{expected_slug}-question") in user.buttons(results)[:3]


async def test_search_in_another_language_answers_in_the_users_language(running_bot, emulator) -> None:
    user = await onboarded(emulator, 620000003, "kk")
    results = newest(await user.send_text("как продлить справку лица, ищущего убежище"))
    assert plain("kk", "faq-item-renewal-certificate-question") in user.buttons(results)


async def test_no_good_match_leads_somewhere_useful(running_bot, emulator) -> None:
    user = await onboarded(emulator, 620000004)
    results = newest(await user.send_text("zxqv wplk mrrt"))
    assert plain("en", "faq-search-none").split("\n")[0] in results.text
    [topics] = await user.press(plain("en", "faq-browse-topics"))
    assert plain("en", "faq-topics-body") in topics.text


async def test_search_from_menu_and_open_result_then_back(running_bot, emulator) -> None:
    user = await onboarded(emulator, 620000005)
    results = newest(await user.send_text("renew certificate"))
    first_result = user.buttons(results)[0]
    [answer] = await user.press(first_result)
    assert first_result in answer.text
    [back] = await user.press(plain("en", "common-back"))
    assert first_result in user.buttons(back)


async def test_the_data_exchange_is_reported_wherever_it_is_mentioned(running_bot, emulator) -> None:
    """The 2023 China-Kazakhstan data exchange is a reported fact (M): the threats answer that
    mentions it says so and cites it with the same label as the answer about it."""
    user = await onboarded(emulator, 620000006)
    await user.press(plain("en", "menu-faq"))
    await user.press(plain("en", "faq-topic-threats"))
    answer = newest(await user.press(plain("en", "faq-item-threats-reporting-question")))
    cited = next((line for line in answer.text.splitlines() if "China-Kazakhstan agreement" in line), "")
    assert plain("en", "faq-source-confidence-m") in cited, answer.text
    assert "reported to be in force since 10 November 2023" in answer.text
