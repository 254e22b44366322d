"""Survey links, one per customer or a reusable QR code, and the printed QR cards."""
