"""Full article text: the page text stored beside a feed's own content, and which pages to fetch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reader.config import FULL_TEXT_MODES
from reader.store.db import Database

RETRY_S = 24 * 3600  # a failed page is tried again at most once a day…
RETRY_FOR_S = 7 * 24 * 3600  # …while its article is less than a week old in the library


@dataclass(frozen=True, slots=True)
class PageCandidate:
    """An article whose web page may be fetched, with what the extractor is told about it."""

    article_id: int
    feed_id: int
    url: str
    title: str
    plain: str  # the feed's own text: title, standfirst and body
    status: str | None  # None: never tried; "ok"; or why the last try failed

    @property
    def teaser(self) -> str:
        """The feed's text without its title."""
        return self.plain.removeprefix(self.title).strip()


class PagesMixin:
    """Page text and per-feed settings; mixed into `Store`."""

    db: Database

    def set_full_text(self, feed_id: int, mode: str | None) -> None:
        """A feed's own setting ("auto", "always", "never"; None: config.toml's default)."""
        if mode is not None and mode not in FULL_TEXT_MODES:
            raise ValueError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}, not {mode!r}")
        with self.db.transaction() as conn:
            conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id))

    def full_text_settings(self) -> dict[int, tuple[str, str | None]]:
        """Feed id -> (url, its own full-text setting or None), for every subscription."""
        with self.db.lock:
            rows = self.db.conn.execute("SELECT id, url, full_text FROM feeds WHERE kind = 'feed'").fetchall()
        return {feed_id: (url, mode) for feed_id, url, mode in rows}

    def page_candidates(
        self, feed_ids: Sequence[int], fresh: Sequence[int], now: float, *, untried: bool = False
    ) -> list[PageCandidate]:
        """Articles of these feeds that may need their page: those in `fresh` never tried (with
        `untried`, every article never tried), and failures due for their daily retry."""
        sql = (
            "SELECT id, feed_id, url, title, plain, page_status FROM articles"
            " WHERE feed_id IN (SELECT value FROM json_each(?)) AND url != ''"
            " AND (page_status IS NULL AND (? OR id IN (SELECT value FROM json_each(?)))"
            "  OR page_status != 'ok' AND page_tried <= ? AND fetched >= ?)"
            " ORDER BY sort_ts DESC, id DESC"
        )
        params = (json.dumps(list(feed_ids)), int(untried), json.dumps(list(fresh)), now - RETRY_S,
                  now - RETRY_FOR_S)
        with self.db.lock:
            rows = self.db.conn.execute(sql, params).fetchall()
        return [PageCandidate(*row) for row in rows]

    def page_candidate(self, article_id: int) -> PageCandidate | None:
        """One article as a candidate, whatever its state (an explicit request)."""
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT id, feed_id, url, title, plain, page_status FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        return PageCandidate(*row) if row else None

    def save_page(self, article_id: int, now: float, *, markdown: str = "", plain: str = "",
                  error: str | None = None) -> None:
        """Store a page's article text (its people are found again from it), or why it failed.

        A failure never removes text an earlier try stored.
        """
        with self.db.transaction() as conn:
            if error is None:
                conn.execute(
                    "UPDATE articles SET page_content = ?, page_plain = ?, page_status = 'ok',"
                    " page_tried = ?, people_done = 0 WHERE id = ?",
                    (markdown, plain, now, article_id),
                )
            else:
                conn.execute(
                    "UPDATE articles SET page_tried = ?,"
                    " page_status = CASE WHEN page_content != '' THEN page_status ELSE ? END WHERE id = ?",
                    (now, error, article_id),
                )
