"""The manager's responses page (filtered, counted, exported to CSV or XLSX) and a
consultant's own feedback page."""
