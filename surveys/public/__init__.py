"""The customer's side of a survey: the form a link opens, its thanks page, and the
limits that keep one device or address from answering a QR code again and again."""
