"""One module formats every date Byline writes (tests run in UTC: see conftest)."""

from __future__ import annotations

from reader.text.dates import iso_day, iso_utc, list_day, local_minute, long_date

STAMP = 1_556_892_300.25  # Friday 3 May 2019, 14:05:00.25 UTC


def test_each_format() -> None:
    assert list_day(STAMP, STAMP) == "2019-05-03"
    assert list_day(None, STAMP) == "~2019-05-03"  # undated: the day it was fetched, marked
    assert local_minute(STAMP) == "2019-05-03 14:05"
    assert long_date(STAMP) == "Friday 03 May 2019, 14:05"
    assert iso_utc(STAMP) == "2019-05-03T14:05:00Z"
    assert iso_day(STAMP) == "2019-05-03"


def test_no_date_and_dates_out_of_range_format_as_nothing() -> None:
    for stamp in (None, 1e300, float("nan")):
        assert iso_utc(stamp) is None and iso_day(stamp) is None
        assert local_minute(stamp) == "" and long_date(stamp) == ""
    assert list_day(1e300, STAMP) == ""

