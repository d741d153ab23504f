"""icttools."""
