"""Charts of the executive and manager dashboard, built in Python.

The trend charts are plotly figures handed to the page as JSON (static/js/dashboards.js
draws them with Plotly.newPlot); they are plain data, so tests read them without a
browser. The journey heat map is an HTML table: its cell colours come from here, sampled
from plotly's colour scales, so a printed page and a screen reader get the numbers too.
"""

import json

import plotly.graph_objects as go
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


def trend_figure(rows: list[dict], *, metric: str, unit: str) -> go.Figure:
    """A metric per week or month: the line, its 95% band, n in the hover text."""
    x = [row["label"] for row in rows]
    y = [row["score"] for row in rows]
    upper = [row["upper"] for row in rows]
    lower = [row["lower"] for row in rows]
    n = [row["n"] for row in rows]
    # xgettext:no-python-format
    csat = _("CSAT, % satisfied")
    name = _("NPS") if metric == "nps" else csat
    period = _("Week of") if unit == "week" else _("Month")
    suffix = "" if metric == "nps" else "%"
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(x=x, y=upper, mode="lines", line={"width": 0}, hoverinfo="skip", name="")
    )
    figure.add_trace(
        go.Scatter(
            x=x,
            y=lower,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND,
            hoverinfo="skip",
            name=_("95% margin of error"),
        )
    )
    figure.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=name,
            line={"color": BRAND, "width": 2.5},
            marker={"size": 7},
            customdata=[[count, row["margin"]] for count, row in zip(n, rows, strict=True)],
            hovertemplate=(
                f"{period} %{{x}}<br>{name}: %{{y}}{suffix} ± %{{customdata[1]}}"
                f"<br>n = %{{customdata[0]}}<extra></extra>"
            ),
        )
    )
    yaxis: dict = {"zeroline": True, "zerolinecolor": "#9ca3af", "gridcolor": "#eef1f6"}
    if metric == "nps":
        yaxis["range"] = [max(-100, min(lower + [0]) - 5), min(100, max(upper + [0]) + 5)]
    else:
        yaxis.update(ticksuffix="%", range=[max(0, min(lower + [100]) - 5), 100])
    figure.update_layout(
        height=260,
        margin={"l": 44, "r": 12, "t": 8, "b": 36},
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        font={"family": "system-ui, sans-serif", "size": 12, "color": "#1d2330"},
        xaxis={"type": "date", "gridcolor": "#eef1f6", "tickformat": "%d %b"},
        yaxis=yaxis,
        hovermode="closest",
    )
    if unit == "month":
        figure.update_xaxes(tickformat="%b %Y", dtick="M1")
    return figure


def figure_json(figure: go.Figure) -> dict:
    """The figure as plain JSON data (lists, not typed arrays) for json_script."""
    return json.loads(figure.to_json())


def trend_charts(trend: dict) -> dict:
    """The NPS and CSAT trend figures as JSON, or None for a metric with no answers."""
    return {
        metric: figure_json(trend_figure(trend[metric], metric=metric, unit=trend["unit"]))
        if trend[metric]
        else None
        for metric in ("nps", "csat")
    }


def trend_summary(rows: list[dict], *, metric: str, unit: str) -> str:
    """The trend in one sentence, for screen readers and for readers of paper."""
    if not rows:
        return _("No answers in this period.")
    scored = [row for row in rows if row["score"] is not None]
    first, last = scored[0], scored[-1]
    low = min(scored, key=lambda row: row["score"])
    high = max(scored, key=lambda row: row["score"])
    name = _("NPS") if metric == "nps" else _("CSAT")
    suffix = "" if metric == "nps" else "%"
    if unit == "week":
        text = ngettext(
            "%(name)s by week, %(count)d week: %(first)s%(suffix)s in the week of %(start)s, "
            "%(last)s%(suffix)s in the week of %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            "%(name)s by week, %(count)d weeks: %(first)s%(suffix)s in the week of %(start)s, "
            "%(last)s%(suffix)s in the week of %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            len(rows),
        )
    else:
        text = ngettext(
            "%(name)s by month, %(count)d month: %(first)s%(suffix)s in %(start)s, "
            "%(last)s%(suffix)s in %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            "%(name)s by month, %(count)d months: %(first)s%(suffix)s in %(start)s, "
            "%(last)s%(suffix)s in %(end)s; lowest %(low)s%(suffix)s, "
            "highest %(high)s%(suffix)s.",
            len(rows),
        )
    return text % {
        "name": name,
        "count": len(rows),
        "first": first["score"],
        "last": last["score"],
        "start": first["label"] if unit == "week" else first["label"][:7],
        "end": last["label"] if unit == "week" else last["label"][:7],
        "low": low["score"],
        "high": high["score"],
        "suffix": suffix,
    }


def trend_summaries(trend: dict) -> dict:
    return {
        metric: trend_summary(trend[metric], metric=metric, unit=trend["unit"])
        for metric in ("nps", "csat")
    }
