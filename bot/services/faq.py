"""FAQ reading, search and feedback for users."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.faq_search import FaqSearchIndex
from storage.faq_admin import FaqAdminRepository
from storage.repositories import FaqEntry, FaqRepository, QuestionEntry, TopicEntry

MAX_QUERY_CHARS = 500


class FaqService:
    def __init__(self, session: AsyncSession, index: FaqSearchIndex) -> None:
        self.session, self.index = session, index
        self.faq = FaqRepository(session)

    async def topics(self, locale: str) -> list[TopicEntry]:
        return await self.faq.topics(locale)

    async def topic(self, topic_id: int, locale: str) -> TopicEntry | None:
        return await self.faq.topic(topic_id, locale)

    async def questions(self, topic_id: int, locale: str) -> list[QuestionEntry]:
        return await self.faq.questions(topic_id, locale)

    async def entry(self, item_id: int, locale: str) -> FaqEntry | None:
        return await self.faq.entry(item_id, locale)

    async def search(self, query: str, locale: str) -> list[QuestionEntry]:
        """Best matches, as questions in the user's language. The query is never stored."""
        found: list[QuestionEntry] = []
        for match in self.index.search(query[:MAX_QUERY_CHARS]):
            entry = await self.faq.entry(match.item_id, locale)
            if entry is not None:
                found.append(QuestionEntry(entry.id, entry.slug, entry.question))
        return found

    async def count_unanswered(self, locale: str, day: date) -> None:
        """One more search that found nothing good: a per-day, per-language count, never the text."""
        await FaqAdminRepository(self.session).count_miss(day, locale)
        await self.session.commit()

    async def vote(self, item_id: int, helpful: bool) -> bool:
        recorded = await self.faq.record_vote(item_id, helpful)
        await self.session.commit()
        return recorded

    async def rebuild_index(self) -> None:
        self.index.rebuild(await self.faq.search_documents())
