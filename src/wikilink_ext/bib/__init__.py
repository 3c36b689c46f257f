"""Bibliography checks and the author-year style."""
