"""The figures, defined once (DESIGN.md), from additive counts.

Plain functions of counts, so the rollup selectors, the API and the tests share one
definition. Percentages and scores are rounded to one decimal; None means "no data".
"""

from math import sqrt

Z95 = 1.96


def _share(part: int, n: int) -> float:
    return part / n if n else 0.0


def nps(promoters: int, detractors: int, n: int) -> float | None:
    """% promoters − % detractors, from −100 to 100."""
    if not n:
        return None
    return round(100 * (promoters - detractors) / n, 1)


def nps_margin(promoters: int, detractors: int, n: int) -> float | None:
    """Margin of error of NPS at 95%: 1.96 × sqrt((p+ + p− − (p+ − p−)²) / n) × 100."""
    if not n:
        return None
    p, d = _share(promoters, n), _share(detractors, n)
    variance = max(p + d - (p - d) ** 2, 0.0)
    return round(Z95 * sqrt(variance / n) * 100, 1)


def proportion_margin(part: int, n: int) -> float | None:
    """Margin of error of a percentage at 95% (normal approximation), in points."""
    if not n:
        return None
    p = _share(part, n)
    return round(Z95 * sqrt(p * (1 - p) / n) * 100, 1)


def percent(part: int, n: int) -> float | None:
    return round(100 * part / n, 1) if n else None


def mean(total: int, n: int) -> float | None:
    return round(total / n, 2) if n else None


def change(current: float | None, current_margin, previous: float | None, previous_margin):
    """The change of a figure between two periods and whether it is significant at 95%:
    the difference exceeds the combined margin sqrt(m1² + m2²)."""
    if current is None or previous is None:
        return {"delta": None, "significant": False}
    delta = round(current - previous, 1)
    combined = sqrt((current_margin or 0) ** 2 + (previous_margin or 0) ** 2)
    return {"delta": delta, "significant": abs(delta) > combined}


def survey_figures(row: dict, metric: str) -> dict:
    """Adds the metric's figures to a row of summed counts (n, promoters, passives,
    detractors, score_sum). For CSAT and CES, `promoters` are the top box (4–5, 6–7)."""
    n = row.get("n") or 0
    promoters, detractors = row.get("promoters") or 0, row.get("detractors") or 0
    figures = {"mean": mean(row.get("score_sum") or 0, n)}
    if metric == "nps":
        figures["score"] = nps(promoters, detractors, n)
        figures["margin"] = nps_margin(promoters, detractors, n)
    else:
        # CSAT: % satisfied (top two box); CES: the mean is the figure, top box beside it.
        figures["score"] = percent(promoters, n) if metric == "csat" else figures["mean"]
        figures["top_box"] = percent(promoters, n)
        figures["margin"] = proportion_margin(promoters, n) if metric == "csat" else None
    if figures["score"] is not None and figures["margin"] is not None:
        figures["lower"] = round(figures["score"] - figures["margin"], 1)
        figures["upper"] = round(figures["score"] + figures["margin"], 1)
    else:
        figures["lower"] = figures["upper"] = None
    return {**row, **figures}


def compliance_figures(row: dict) -> dict:
    """Adds iron compliance and master rate (met / applicable, in %) to summed counts."""
    return {
        **row,
        "iron_rate": percent(row.get("iron_met") or 0, row.get("iron_applicable") or 0),
        "master_rate": percent(row.get("master_met") or 0, row.get("master_applicable") or 0),
    }


def nps_difference(met: dict, not_met: dict) -> dict:
    """NPS when a behaviour was met minus when it was not, with the 95% interval of the
    difference (independent samples)."""
    a, b = met.get("n") or 0, not_met.get("n") or 0
    score_a = nps(met.get("promoters", 0), met.get("detractors", 0), a)
    score_b = nps(not_met.get("promoters", 0), not_met.get("detractors", 0), b)
    if score_a is None or score_b is None:
        return {"delta": None, "low": None, "high": None}
    margin = sqrt(
        nps_margin(met["promoters"], met["detractors"], a) ** 2
        + nps_margin(not_met["promoters"], not_met["detractors"], b) ** 2
    )
    delta = round(score_a - score_b, 1)
    return {"delta": delta, "low": round(delta - margin, 1), "high": round(delta + margin, 1)}


def share_difference(part_a: int, n_a: int, part_b: int, n_b: int) -> dict:
    """Difference of two percentages (a − b) with its 95% interval, in points."""
    if not n_a or not n_b:
        return {"delta": None, "low": None, "high": None}
    pa, pb = part_a / n_a, part_b / n_b
    margin = Z95 * sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b) * 100
    delta = round(100 * (pa - pb), 1)
    return {"delta": delta, "low": round(delta - margin, 1), "high": round(delta + margin, 1)}
