"""The schema, as an ordered list of migrations; `PRAGMA user_version` counts those applied."""

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed', 'local')),
        site_url TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        last_fetch REAL,
        next_fetch REAL,
        last_error TEXT,
        fetch_interval REAL NOT NULL DEFAULT 3600,
        gone INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        published REAL,
        fetched REAL NOT NULL,
        sort_ts REAL NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        plain TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL DEFAULT '',
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        source_path TEXT,
        people_done INTEGER NOT NULL DEFAULT 0,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX articles_by_time ON articles (sort_ts DESC, id DESC);
    CREATE INDEX articles_by_feed ON articles (feed_id, sort_ts DESC, id DESC);
    CREATE INDEX articles_unread ON articles (sort_ts DESC, id DESC) WHERE read = 0;
    CREATE INDEX articles_starred ON articles (sort_ts DESC, id DESC) WHERE starred = 1;
    CREATE INDEX articles_people_todo ON articles (id) WHERE people_done = 0;

    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, plain,
        content = 'articles', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, plain) VALUES (new.id, new.title, new.plain);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, plain)
        VALUES ('delete', old.id, old.title, old.plain);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, plain ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, plain)
        VALUES ('delete', old.id, old.title, old.plain);
        INSERT INTO articles_fts (rowid, title, plain) VALUES (new.id, new.title, new.plain);
    END;

    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        surname TEXT NOT NULL,
        followed INTEGER NOT NULL DEFAULT 0,
        followed_since REAL
    );
    CREATE INDEX people_by_surname ON people (surname);
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        count INTEGER NOT NULL,
        first_offset INTEGER NOT NULL,
        forms TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_by_person ON mentions (person_id, article_id);

    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
    CREATE TABLE feed_tags (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (feed_id, tag)
    ) WITHOUT ROWID;

    CREATE TABLE views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL
    );
    """,
    # 2: per-source article and unread counts from an index alone (the sidebar at 100k articles).
    """
    CREATE INDEX articles_feed_read ON articles (feed_id, read);
    """,
    # 3: failed fetches in a row, which stretch the time to the next try; what was wrong with a
    # feed that was read anyway (malformed XML).
    """
    ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    UPDATE feeds SET failures = 1 WHERE last_error IS NOT NULL;
    ALTER TABLE feeds ADD COLUMN last_warning TEXT;
    """,
    # 4: one person across name variants. `people.key` is what variants share ("viktor orban"),
    # `last_key` the folded surname; `mentions.name` is the name extraction gave in that story,
    # and `person_names` counts a person's stories by that name (kept by triggers), for the
    # display name and for look-ups. `settings` records which extractor found the people; keys
    # are filled, and the people found again, in the background (reader.indexing).
    """
    ALTER TABLE people ADD COLUMN key TEXT NOT NULL DEFAULT '';
    ALTER TABLE people ADD COLUMN last_key TEXT NOT NULL DEFAULT '';
    CREATE INDEX people_by_key ON people (key);
    CREATE INDEX people_by_last_key ON people (last_key);
    ALTER TABLE mentions ADD COLUMN name TEXT NOT NULL DEFAULT '';
    CREATE TABLE person_names (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        stories INTEGER NOT NULL,
        PRIMARY KEY (person_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX person_names_by_name ON person_names (name COLLATE NOCASE);
    CREATE TRIGGER person_names_add AFTER INSERT ON mentions WHEN new.name != '' BEGIN
        INSERT INTO person_names (person_id, name, stories) VALUES (new.person_id, new.name, 1)
        ON CONFLICT DO UPDATE SET stories = stories + 1;
    END;
    CREATE TRIGGER person_names_drop AFTER DELETE ON mentions WHEN old.name != '' BEGIN
        UPDATE person_names SET stories = stories - 1 WHERE person_id = old.person_id AND name = old.name;
        DELETE FROM person_names WHERE person_id = old.person_id AND name = old.name AND stories <= 0;
    END;
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 5: full article text: each feed's setting (NULL: config.toml's default), and beside each
    # article's own content the text of its web page, why that failed, and when it was tried.
    # Search indexes the page text as a third column, so the full-text index is built anew.
    """
    ALTER TABLE feeds ADD COLUMN full_text TEXT CHECK (full_text IN ('auto', 'always', 'never'));
    ALTER TABLE articles ADD COLUMN page_content TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN page_plain TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN page_status TEXT;
    ALTER TABLE articles ADD COLUMN page_tried REAL;
    DROP TRIGGER articles_fts_insert;
    DROP TRIGGER articles_fts_delete;
    DROP TRIGGER articles_fts_update;
    DROP TABLE articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, plain, page_plain,
        content = 'articles', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, plain, page_plain)
        VALUES (new.id, new.title, new.plain, new.page_plain);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, plain, page_plain)
        VALUES ('delete', old.id, old.title, old.plain, old.page_plain);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, plain, page_plain ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, plain, page_plain)
        VALUES ('delete', old.id, old.title, old.plain, old.page_plain);
        INSERT INTO articles_fts (rowid, title, plain, page_plain)
        VALUES (new.id, new.title, new.plain, new.page_plain);
    END;
    """,
    # 6: people named by one word only. `mentions.vouched`: the story vouched that the name is a
    # person's, with a title before it ("Mr Erdogan") or words only a person takes after it
    # ("Erdogan, who"; reader.people.cues.vouched). `people.confirmed`: a full name, or a lone word
    # some story vouched for; the others ("Claude", "Anthropic") stay out of the lists of people.
    # Everyone counts as confirmed until the people are found again.
    """
    ALTER TABLE mentions ADD COLUMN vouched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE people ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
