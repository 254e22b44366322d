"""Competitor and best practices: what others, and our best consultants, do at a moment.

They feed the standards (a best practice can become a master behaviour). The pages keep
their place under /reviews/practices/ and their `reviews:` URL names: reviews/urls.py
mounts `urls.urlpatterns` from here.
"""
