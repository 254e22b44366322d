"""Receiving answers, whatever their way in (a link, the API, a CSV import): what an
answer is credited to, the checks every answer passes, and saving them."""
