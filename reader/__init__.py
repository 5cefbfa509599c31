"""Byline: a terminal news reader that follows the people in the news."""

__version__ = "0.1.0"
