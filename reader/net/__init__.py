"""HTTP for everything Byline downloads: feeds (reader/ingest) and article pages (reader/fulltext)."""
