"""Measures that arrive by themselves: readings fed by the API, a CSV import or a warehouse
pull, checked exactly like a typed answer and shown with their source."""
