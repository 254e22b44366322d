"""The figures, defined once (DESIGN.md), from additive counts: NPS, CSAT, CES, their
margins of error, rates and the judgement of a change.

Plain functions of counts, so the rollup selectors, the pages, the API and the tests share
one definition. Percentages and scores are rounded to one decimal; None means "no data".
"""

from math import sqrt

Z95 = 1.96

# How finely each figure is read: NPS and CSAT in points, the CES mean (1–7) in hundredths.
DECIMALS = {"nps": 1, "csat": 1, "ces": 2}
# Which way is good: NPS and CSAT, and CES too, since its scale runs from 1 "very
# difficult" to 7 "very easy" (surveys.choices.SCALE_LABELS): a higher mean is less effort.
HIGHER_IS_BETTER = {"nps": True, "csat": True, "ces": True}


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


def mean_margin(total: int, sum_squares: int, n: int) -> float | None:
    """Margin of error of a mean at 95% (DESIGN.md: CES): 1.96 × s / √n, with s the
    sample standard deviation from the additive sums (n − 1 below the line). None under
    two answers: one answer has no spread to measure."""
    if n < 2:
        return None
    # n·Σx² − (Σx)² is exact in integers; the float division comes last.
    variance = max(n * sum_squares - total * total, 0) / (n * (n - 1))
    return round(Z95 * sqrt(variance / n), DECIMALS["ces"])


NO_PREVIOUS = "no_previous"
NOT_ENOUGH = "not_enough"
WITHIN_MARGIN = "within_margin"
UP = "up"
DOWN = "down"


def compare(current: dict, previous: dict | None, min_sample: int, *, metric: str) -> dict:
    """The one rule that judges a change of NPS, CSAT or CES between two periods
    (DESIGN.md), for the dashboard tiles, the scorecard and anything else that says
    "up" or "down". `current` and `previous` are survey_figures() of each period.

    - no_previous: there is no previous period (no dates to compare).
    - not_enough: either period has fewer than `min_sample` answers (or no margin can be
      computed): no arrow, no colour, only that it cannot be compared.
    - within_margin: the difference is not larger than the combined margin of error
      sqrt(m1² + m2²) at 95%.
    - up / down: a real change; `better` says whether it is good news.

    Returns the verdict with the difference, the combined margin and both n's."""
    places = DECIMALS[metric]
    n = current.get("n") or 0
    result = {
        "verdict": NO_PREVIOUS,
        "delta": None,
        "size": None,
        "margin": None,
        "n": n,
        "previous_n": (previous.get("n") or 0) if previous else 0,
        "previous": previous.get("score") if previous else None,
        "min_sample": min_sample,
        "better": None,
    }
    if previous is None:
        return result
    enough = max(min_sample, 1)
    margins = (current.get("margin"), previous.get("margin"))
    if (
        min(n, result["previous_n"]) < enough
        or current.get("score") is None
        or previous.get("score") is None
        or None in margins
    ):
        return {**result, "verdict": NOT_ENOUGH}
    delta = round(current["score"] - previous["score"], places)
    combined = round(sqrt(margins[0] ** 2 + margins[1] ** 2), places)
    result |= {"delta": delta, "size": abs(delta), "margin": combined}
    if abs(delta) <= combined:
        return {**result, "verdict": WITHIN_MARGIN}
    went_up = delta > 0
    return {
        **result,
        "verdict": UP if went_up else DOWN,
        "better": went_up == HIGHER_IS_BETTER[metric],
    }


def survey_figures(row: dict, metric: str) -> dict:
    """Adds the metric's figures to a row of summed counts (n, promoters, passives,
    detractors, score_sum, score_sum_squares). For CSAT and CES, `promoters` are the top
    box (4–5, 6–7)."""
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
        if metric == "csat":
            figures["margin"] = proportion_margin(promoters, n)
        else:
            total, squares = row.get("score_sum") or 0, row.get("score_sum_squares") or 0
            figures["margin"] = mean_margin(total, squares, n)
    if figures["score"] is not None and figures["margin"] is not None:
        places = DECIMALS.get(metric, 1)
        figures["lower"] = round(figures["score"] - figures["margin"], places)
        figures["upper"] = round(figures["score"] + figures["margin"], places)
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
