"""Browser tests: the built book read in chromium through Playwright."""
