"""Days as notices count them: calendar dates in China (UTC+8), written YYYY-MM-DD.

An amendment "from 2024-10-10" takes effect at midnight in Beijing, whatever the clock of the
machine that builds the site or checks a bundle says; so every "today" and every "the day this
bundle arrived" in the project comes from here.
"""

from __future__ import annotations

import datetime as dt
import time

from .errors import BadDay

# China has one time zone and no daylight saving: a fixed offset needs no tz database.
CHINA = dt.timezone(dt.timedelta(hours=8), "UTC+8")


def day_of(epoch: float) -> str:
    """The date in China at a Unix time (seconds), e.g. 1728489600 -> "2024-10-10"."""
    return dt.datetime.fromtimestamp(epoch, CHINA).date().isoformat()


def today(clock=time.time) -> str:
    """Today's date in China; `clock` returns Unix seconds (injectable for tests)."""
    return day_of(clock())


def parse(text: object) -> str:
    """A real day written YYYY-MM-DD, returned as is; raises BadDay otherwise."""
    try:
        ok = dt.date.fromisoformat(str(text)).isoformat() == text
    except ValueError:
        ok = False
    if not ok:
        raise BadDay(text)
    return str(text)


def local_time(epoch: float) -> dt.datetime:
    """A Unix time as the wall-clock time in China (naive, for spreadsheets and listings)."""
    return dt.datetime.fromtimestamp(epoch, CHINA).replace(tzinfo=None)
