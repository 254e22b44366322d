"""Charts of the executive and manager dashboard, built in Python.

The trend charts are plotly figures handed to the page as JSON (static/js/dashboards.js
draws them with Plotly.newPlot); they are plain data, so tests read them without a
browser. The journey heat map is an HTML table: its cell colours come from here, sampled
from plotly's colour scales, so a printed page and a screen reader get the numbers too.
"""

import json
import math
from datetime import date

import plotly.graph_objects as go
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from plotly.colors import sample_colorscale

# Two scales, so NPS and iron compliance are never read as one another: NPS diverges
# around 0 (red to green), iron compliance runs light to dark blue from 50% to 100%.
NPS_SCALE = "RdYlGn"
IRON_SCALE = "Blues"
IRON_FLOOR = 50.0
NO_DATA = {"background": "#e5e7eb", "color": "#4b5563"}
BRAND = "#2748a8"
BAND = "rgba(39, 72, 168, 0.15)"
MUTED = "#6b7280"
# The metrics with a trend chart: every survey metric.
TREND_METRICS = ("nps", "csat", "ces")


def _rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = (int(part) for part in colour[colour.index("(") + 1 : -1].split(","))
    return r, g, b


def _cell(scale: str, position: float) -> dict:
    colour = sample_colorscale(scale, [min(max(position, 0.0), 1.0)])[0]
    r, g, b = _rgb(colour)
    # Relative luminance decides dark or light text (WCAG contrast on both ends).
    luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    return {"background": colour, "color": "#111827" if luminance > 0.55 else "#ffffff"}


def nps_colour(score: float | None) -> dict:
    """Background and text colour of an NPS cell: −100 red, 0 pale yellow, +100 green."""
    if score is None:
        return NO_DATA
    return _cell(NPS_SCALE, (score + 100) / 200)


def iron_colour(rate: float | None) -> dict:
    """Background and text colour of an iron-compliance cell, 50% (or less) to 100%."""
    if rate is None:
        return NO_DATA
    return _cell(IRON_SCALE, (rate - IRON_FLOOR) / (100 - IRON_FLOOR))


def legend(scale: str, steps: int = 7) -> str:
    """A CSS linear-gradient of the scale, for the heat map's legend."""
    colours = sample_colorscale(scale, [i / (steps - 1) for i in range(steps)])
    return f"linear-gradient(to right, {', '.join(colours)})"


def colour_cells(journeys: list[dict]) -> None:
    """Adds the two colours to every heat-map cell."""
    for journey in journeys:
        for cell in journey["cells"]:
            cell["nps_style"] = nps_colour(cell["nps"])
            cell["iron_style"] = iron_colour(cell["iron_rate"])


def _metric_name(metric: str) -> str:
    # xgettext:no-python-format
    csat = _("CSAT, % satisfied")
    return {"nps": _("NPS"), "csat": csat, "ces": _("CES, mean of 1–7")}[metric]


def bucket_note(row: dict, *, unit: str, min_sample: int) -> str:
    """Why a bucket of a trend is not read like the others, in words (hover, table and
    chart notes), or "" for a whole bucket with enough answers."""
    notes = []
    if row.get("partial"):
        if unit == "month":
            text = ngettext(
                "partial month: %(covered)d of %(days)d days, n = %(n)d",
                "partial month: %(covered)d of %(days)d days, n = %(n)d",
                row["covered"],
            )
        else:
            text = ngettext(
                "partial week: %(covered)d of %(days)d days, n = %(n)d",
                "partial week: %(covered)d of %(days)d days, n = %(n)d",
                row["covered"],
            )
        notes.append(text % {"covered": row["covered"], "days": row["days"], "n": row["n"]})
    if not row.get("enough", True):
        notes.append(
            ngettext(
                "only %(n)d answer, fewer than %(min)d: not plotted",
                "only %(n)d answers, fewer than %(min)d: not plotted",
                row["n"],
            )
            % {"n": row["n"], "min": min_sample}
        )
    return "; ".join(notes)


def _runs(flags: list[bool]) -> list[list[int]]:
    """Indices of consecutive True flags, run by run."""
    runs: list[list[int]] = []
    for index, flag in enumerate(flags):
        if flag and runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        elif flag:
            runs.append([index])
    return runs


def _y_range(metric: str, lows: list[float], highs: list[float]) -> list[float]:
    if metric == "nps":
        return [max(-100, min(lows + [0]) - 5), min(100, max(highs + [0]) + 5)]
    if metric == "ces":
        return [max(1.0, min(lows, default=1.0) - 0.25), min(7.0, max(highs, default=7.0) + 0.25)]
    return [max(0, min(lows + [100]) - 5), 100]


def trend_figure(rows: list[dict], *, metric: str, unit: str, min_sample: int = 0) -> go.Figure:
    """A metric per week or month: the line, its 95% band, n in the hover text.

    Rows come marked by buckets.mark_buckets. A partial bucket (cut by the period, or not
    over yet) is a hollow point joined by a dotted line, so half a week is not read as a
    drop; a bucket with fewer than `min_sample` answers is not plotted at its value at
    all (one answer would draw 0% or 100%): a grey mark along the bottom gives its n."""
    x = [row["label"] for row in rows]
    readable = [row.get("enough", True) and row["score"] is not None for row in rows]
    partial = [bool(row.get("partial")) for row in rows]
    whole = [ok and not cut for ok, cut in zip(readable, partial, strict=True)]
    name = _metric_name(metric)
    period = _("Week of") if unit == "week" else _("Month")
    value = "%{y:.2f}" if metric == "ces" else "%{y}" + ("" if metric == "nps" else "%")
    notes = [bucket_note(row, unit=unit, min_sample=min_sample) for row in rows]
    custom = [
        [row["n"], row["margin"], f"<br>{note}" if note else ""]
        for row, note in zip(rows, notes, strict=True)
    ]
    hover = (
        f"{period} %{{x}}<br>{name}: {value} ± %{{customdata[1]}}"
        "<br>n = %{customdata[0]}%{customdata[2]}<extra></extra>"
    )
    figure = go.Figure()
    # The 95% band over the readable buckets: one closed shape per run of them.
    band_x: list = []
    band_y: list = []
    for run in _runs(readable):
        if band_x:
            band_x.append(None)
            band_y.append(None)
        band_x += [x[i] for i in run] + [x[i] for i in reversed(run)]
        band_y += [rows[i]["upper"] for i in run] + [rows[i]["lower"] for i in reversed(run)]
    figure.add_trace(
        go.Scatter(
            x=band_x,
            y=band_y,
            mode="lines",
            line={"width": 0},
            fill="toself",
            fillcolor=BAND,
            hoverinfo="skip",
            name=_("95% margin of error"),
            showlegend=False,
        )
    )
    # Dotted segments from a partial bucket to its readable neighbours.
    dotted_x: list = []
    dotted_y: list = []
    for index, cut in enumerate(partial):
        if not (cut and readable[index]):
            continue
        for other in (index - 1, index + 1):
            if 0 <= other < len(rows) and readable[other]:
                dotted_x += [x[other], x[index], None]
                dotted_y += [rows[other]["score"], rows[index]["score"], None]
    figure.add_trace(
        go.Scatter(
            x=dotted_x,
            y=dotted_y,
            mode="lines",
            line={"color": BRAND, "width": 2, "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
            name="",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=x,
            y=[row["score"] if ok else None for row, ok in zip(rows, whole, strict=True)],
            mode="lines+markers",
            name=name,
            line={"color": BRAND, "width": 2.5},
            marker={"size": 7},
            customdata=custom,
            hovertemplate=hover,
            showlegend=False,
        )
    )
    cut_points = [
        i for i, (ok, cut) in enumerate(zip(readable, partial, strict=True)) if ok and cut
    ]
    figure.add_trace(
        go.Scatter(
            x=[x[i] for i in cut_points],
            y=[rows[i]["score"] for i in cut_points],
            mode="markers",
            name=_("Partial month") if unit == "month" else _("Partial week"),
            marker={
                "size": 9,
                "symbol": "circle-open",
                "color": BRAND,
                "line": {"width": 2, "color": BRAND},
            },
            customdata=[custom[i] for i in cut_points],
            hovertemplate=hover,
            showlegend=bool(cut_points),
        )
    )
    lows = [
        row["lower"] if row["lower"] is not None else row["score"]
        for row, ok in zip(rows, readable, strict=True)
        if ok
    ]
    highs = [
        row["upper"] if row["upper"] is not None else row["score"]
        for row, ok in zip(rows, readable, strict=True)
        if ok
    ]
    y_range = _y_range(metric, lows, highs)
    few = [i for i, ok in enumerate(readable) if not ok]
    # Along the bottom, not at their value: their value is not to be read.
    floor = y_range[0] + (y_range[1] - y_range[0]) * 0.04
    figure.add_trace(
        go.Scatter(
            x=[x[i] for i in few],
            y=[floor for _i in few],
            mode="markers+text",
            name=_("Fewer than %(n)d answers: not plotted") % {"n": min_sample},
            marker={"size": 8, "symbol": "line-ew-open", "color": MUTED, "line": {"width": 2}},
            text=[f"n={rows[i]['n']}" for i in few],
            textposition="top center",
            textfont={"color": MUTED, "size": 10},
            customdata=[[notes[i]] for i in few],
            hovertemplate=f"{period} %{{x}}<br>%{{customdata[0]}}<extra></extra>",
            showlegend=bool(few),
        )
    )
    yaxis: dict = {
        "zeroline": metric == "nps",
        "zerolinecolor": "#9ca3af",
        "gridcolor": "#eef1f6",
        "range": y_range,
    }
    if metric == "csat":
        yaxis["ticksuffix"] = "%"
    legend = bool(cut_points or few)
    figure.update_layout(
        height=300 if legend else 260,
        margin={"l": 44, "r": 12, "t": 8, "b": 72 if legend else 36},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top", "font": {"size": 11}},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#1d2330"},
        xaxis={"type": "date", "gridcolor": "#eef1f6"},
        yaxis=yaxis,
        hovermode="closest",
    )
    figure.update_xaxes(**date_ticks(x, unit=unit))
    return figure


MAX_DATE_TICKS = 6


def date_ticks(labels: list[str], *, unit: str) -> dict:
    """The x axis's ticks named in the reader's language: plotly's own date ticks name
    months in English only, so the ticks are ours, formatted by Django in the active
    language (at most MAX_DATE_TICKS of them, so they fit a phone)."""
    days = [date.fromisoformat(label[:10]) for label in labels]
    shown = days[:: max(1, math.ceil(len(days) / MAX_DATE_TICKS))]
    named = "YEAR_MONTH_FORMAT" if unit == "month" else "MONTH_DAY_FORMAT"
    return {
        "tickmode": "array",
        "tickvals": [day.isoformat() for day in shown],
        "ticktext": [date_format(day, named) for day in shown],
    }


def figure_json(figure: go.Figure) -> dict:
    """The figure as plain JSON data (lists, not typed arrays) for json_script."""
    return json.loads(figure.to_json())


def trend_charts(trend: dict) -> dict:
    """The NPS, CSAT and CES trend figures as JSON, or None for a metric with no answers."""
    min_sample = trend.get("min_sample", 0)
    return {
        metric: figure_json(
            trend_figure(trend[metric], metric=metric, unit=trend["unit"], min_sample=min_sample)
        )
        if trend[metric]
        else None
        for metric in TREND_METRICS
    }


def _shown(metric: str, score: float) -> str:
    return f"{score:.2f}" if metric == "ces" else f"{score}"


def trend_summary(rows: list[dict], *, metric: str, unit: str, min_sample: int = 0) -> str:
    """The trend in one sentence, for screen readers and for readers of paper: the
    readable buckets only, then which are partial or have too few answers."""
    if not rows:
        return _("No answers in this period.")
    readable = [row for row in rows if row["score"] is not None and row.get("enough", True)]
    # First, last, lowest and highest of the whole buckets: half a week is no low.
    scored = [row for row in readable if not row.get("partial")] or readable
    name = {"nps": _("NPS"), "csat": _("CSAT"), "ces": _("CES")}[metric]
    if not scored:
        if unit == "week":
            text = _("%(name)s: no week has %(n)d answers, too few to draw a trend.")
        else:
            text = _("%(name)s: no month has %(n)d answers, too few to draw a trend.")
        return text % {"name": name, "n": min_sample}
    first, last = scored[0], scored[-1]
    low = min(scored, key=lambda row: row["score"])
    high = max(scored, key=lambda row: row["score"])
    suffix = "%" if metric == "csat" else ""
    if unit == "week":
        text = ngettext(
            "%(name)s by week, %(count)d week: %(first)s%(suffix)s in the week of %(start)s, "
            "%(last)s%(suffix)s in the week of %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            "%(name)s by week, %(count)d weeks: %(first)s%(suffix)s in the week of %(start)s, "
            "%(last)s%(suffix)s in the week of %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            len(scored),
        )
    else:
        text = ngettext(
            "%(name)s by month, %(count)d month: %(first)s%(suffix)s in %(start)s, "
            "%(last)s%(suffix)s in %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            "%(name)s by month, %(count)d months: %(first)s%(suffix)s in %(start)s, "
            "%(last)s%(suffix)s in %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            len(scored),
        )
    sentence = text % {
        "name": name,
        "count": len(scored),
        "first": _shown(metric, first["score"]),
        "last": _shown(metric, last["score"]),
        "start": first["label"] if unit == "week" else first["label"][:7],
        "end": last["label"] if unit == "week" else last["label"][:7],
        "low": _shown(metric, low["score"]),
        "high": _shown(metric, high["score"]),
        "suffix": suffix,
    }
    notes = [
        f"{row['label'] if unit == 'week' else row['label'][:7]}: "
        f"{bucket_note(row, unit=unit, min_sample=min_sample)}"
        for row in rows
        if row.get("partial") or not row.get("enough", True)
    ]
    return " ".join([sentence, *(f"{note}." for note in notes)])


def trend_summaries(trend: dict) -> dict:
    min_sample = trend.get("min_sample", 0)
    return {
        metric: trend_summary(
            trend[metric], metric=metric, unit=trend["unit"], min_sample=min_sample
        )
        for metric in TREND_METRICS
    }
