"""The survey itself, the questionnaire: its metric, its questions in four languages and
the context its answers are credited to by default."""
