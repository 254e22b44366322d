"""Browser views of journeys, touchpoints, moments of truth and priceless notes.

Every write is a plain form POST that redirects back with a message (works without
JavaScript). With htmx the same view answers with only the region of the journey
map that changed, plus the messages swapped in out of band (see `regions`).
"""
