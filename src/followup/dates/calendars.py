"""Business calendars: which days are working days (weekends, public holidays, a policy's own
holidays), business-day arithmetic, and a zone's country for `holidays: {country: auto}`."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import field, replace
from functools import lru_cache
from pathlib import Path

from followup.dates import holiday_data
from followup.dates.zones import as_date, same_wall_time_on
from followup.frozen import frozen

#: The name `BusinessCalendar.holiday_name` gives a day listed only in `extra_holidays`.
POLICY_HOLIDAY = "policy holiday"

#: `holidays: {country: auto}`: the public holidays of the recipient's time zone's country.
AUTO_COUNTRY = "auto"

_DAY = dt.timedelta(days=1)


@frozen
class BusinessCalendar:
    """Which days are working days: not a weekend day and not a holiday.

    Holidays come from the `holidays` package for `country` (ISO 3166 code such as
    "GB", "US", "DE") and optional `subdivision` ("ENG", "CA"), plus `extra_holidays`
    from the policy. `weekend` holds weekday numbers, Monday=0 ... Sunday=6.
    """

    country: str | None = None
    subdivision: str | None = None
    extra_holidays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    _names: dict[dt.date, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    """day -> `holiday_name(day)`, as each day is first asked about (plans ask about the same
    few hundred days again and again)."""

    def __post_init__(self) -> None:
        # Accept any iterable (a list from YAML, a set) and keep the object hashable.
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        _check_weekend(self.weekend)
        _check_region(self.country, self.subdivision)

    def is_weekend(self, day: dt.date) -> bool:
        """True when `day` falls on one of the calendar's weekend days."""
        return day.weekday() in self.weekend

    def is_holiday(self, day: dt.date) -> bool:
        """True when `day` is a public holiday of the region or an extra policy holiday."""
        return self.holiday_name(day) is not None

    def is_business_day(self, day: dt.date) -> bool:
        """True when `day` is neither a weekend day nor a holiday."""
        return not self.is_weekend(day) and not self.is_holiday(day)

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday's name for explanations ("Christmas Day"), or None on other days.

        A day listed only in `extra_holidays` is named `POLICY_HOLIDAY`.
        """
        if type(day) is not dt.date:
            day = as_date(day)
        try:
            return self._names[day]
        except KeyError:
            name = self._names[day] = self._find_holiday(day)
            return name

    def _find_holiday(self, day: dt.date) -> str | None:
        if self.country is not None:
            name = holiday_data.region_holidays(self.country, self.subdivision, day.year).get(day)
            if name:
                return name
        return POLICY_HOLIDAY if day in self.extra_holidays else None


def _check_weekend(weekend: frozenset[int]) -> None:
    """Reject weekday numbers outside 0..6 and a week without working days."""
    bad = sorted(d for d in weekend if not isinstance(d, int) or not 0 <= d <= 6)
    if bad:
        raise ValueError(f"weekend days are numbered 0 (Monday) to 6 (Sunday), not {bad}")
    if len(weekend) == 7:
        raise ValueError("a weekend of all seven days leaves no business days")


def _check_region(country: str | None, subdivision: str | None) -> None:
    """Reject a country or subdivision the `holidays` package does not know."""
    if country is None:
        if subdivision is not None:
            raise ValueError(f"holiday subdivision {subdivision!r} needs a country")
        return
    if country not in holiday_data.supported_countries():
        raise ValueError(
            f"{country!r} is not a country with holiday data; "
            "use an ISO 3166 code such as GB, US or DE"
        )
    if subdivision is not None and not holiday_data.has_subdivision(country, subdivision):
        known = ", ".join(holiday_data.subdivisions()[country]) or "none"
        raise ValueError(
            f"{subdivision!r} is not a holiday subdivision of {country}; known: {known}"
        )


def add_business_days(start: dt.datetime, days: int, calendar: BusinessCalendar) -> dt.datetime:
    """`days` business days after `start`, at the same local wall-clock time.

    Non-business days of `calendar` are skipped; `days` must be >= 0 and 0 returns
    `start` unchanged. From a Saturday, 1 business day is the next working Monday.
    """
    if days < 0:
        raise ValueError(f"business days cannot be negative ({days})")
    if days == 0:
        return start
    day = as_date(start)
    remaining = days
    while remaining:
        day += _DAY
        if calendar.is_business_day(day):
            remaining -= 1
    return same_wall_time_on(start, day)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone name -> ISO 3166 country code, from the tz database's `zone.tab`
    (shipped by the `tzdata` package; the system copy is the fallback)."""
    text = ""
    try:
        spec = importlib.util.find_spec("tzdata")
        folders = spec.submodule_search_locations if spec is not None else None
        if not folders:
            raise FileNotFoundError("tzdata")
        text = (Path(next(iter(folders))) / "zoneinfo" / "zone.tab").read_text("utf-8")
    except (ImportError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        if system.is_file():
            text = system.read_text("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) >= 3:
            found[cols[2].strip()] = cols[0].strip()
    return found


#: Time zones whose working population keeps one holiday region of their country, for
#: `holidays: {country: auto}`: the region's days off are added to the national ones (England's
#: Easter Monday and August bank holiday, Ontario's Thanksgiving, New South Wales's Labour Day).
#: Europe/London is England's calendar (Wales's too); a Scottish or Northern Irish office is
#: `holidays: {country: GB, subdivision: SCT}` (or NIR) in a policy. Zones not listed keep the
#: national holidays only (the United States' federal ones, say).
ZONE_SUBDIVISIONS: dict[str, str] = {
    "Europe/London": "ENG",
    "Australia/Sydney": "NSW",
    "Australia/Broken_Hill": "NSW",
    "Australia/Melbourne": "VIC",
    "Australia/Brisbane": "QLD",
    "Australia/Lindeman": "QLD",
    "Australia/Adelaide": "SA",
    "Australia/Perth": "WA",
    "Australia/Hobart": "TAS",
    "Australia/Darwin": "NT",
    "America/Toronto": "ON",
    "America/Vancouver": "BC",
    "America/Edmonton": "AB",
    "America/Winnipeg": "MB",
    "America/Regina": "SK",
    "America/Halifax": "NS",
    "America/Moncton": "NB",
    "America/St_Johns": "NL",
}


def country_of_zone(zone: str) -> str | None:
    """The country a time zone belongs to (`Europe/London` -> `GB`), or None (UTC, Etc/...)."""
    return _zone_countries().get(zone)


@lru_cache(maxsize=512)
def calendar_for_zone(calendar: BusinessCalendar, zone: str) -> BusinessCalendar:
    """`calendar` as someone in `zone` keeps it (`holidays: {country: auto}`): the public
    holidays of the zone's country (and of its region, `ZONE_SUBDIVISIONS`) and that country's
    weekend (Friday and Saturday in Israel); unchanged when the zone has no country with
    holiday data."""
    country = country_of_zone(zone)
    if country is None or country not in holiday_data.supported_countries():
        return calendar
    return replace(
        calendar,
        country=country,
        subdivision=ZONE_SUBDIVISIONS.get(zone),
        weekend=holiday_data.weekend(country),
    )
