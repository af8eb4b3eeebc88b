"""Serving the workbooks as Voilà apps: configuration, the offline template and the gallery page."""

from qikit.serve.server import ServeError, serve, voila_command

__all__ = ["ServeError", "serve", "voila_command"]
