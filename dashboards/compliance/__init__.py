"""Compliance: its pages (views, forms) and its figures (reports), read from the daily
compliance rollup like the dashboards and the API. The pages keep their addresses under
/reviews/ and their `reviews:` names (cxm/urls.py mounts urls.py there)."""
