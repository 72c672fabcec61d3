"""Data in and out: spreadsheets, statistics, databases."""
