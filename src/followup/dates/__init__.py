"""Dates and times: the clock, the one reader of user date-times, durations, business
calendars, send and working windows, and the formats people read (docs/dates.md).

Modules, lowest first: `zones` (wall times and instants, the daylight-saving convention),
`clock`, `reading`, `calendars`, `durations`, `formatting`, `windows`, `action_windows`.
"""
