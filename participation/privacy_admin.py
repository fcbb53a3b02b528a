"""Admin side of privacy: erasing one person's data by email (being written)."""
