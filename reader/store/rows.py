"""The columns of an article-list row, shared by every query that returns `ArticleRow`s."""

from __future__ import annotations

from reader.store.models import ArticleRow

# The feed's title is a correlated look-up, not a join: with a join SQLite may start from the
# feeds and sort every article, where walking the time index stops after one page.
ROW_COLUMNS = (
    "a.id, a.sort_ts, a.title, (SELECT title FROM feeds WHERE id = a.feed_id),"
    " a.published, a.read, a.starred,"
    " (SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id"
    " WHERE at.article_id = a.id),"
    " EXISTS (SELECT 1 FROM mentions m JOIN people p ON p.id = m.person_id"
    " WHERE m.article_id = a.id AND p.followed = 1)"
)


def row_of(r: tuple) -> ArticleRow:
    """An `ArticleRow` from a row selected as `ROW_COLUMNS` (from `articles a`)."""
    return ArticleRow(
        r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), tuple(sorted((r[7] or "").split())), bool(r[8])
    )
