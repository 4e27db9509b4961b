"""sitbone's terminal app: the App, its styles, navigation and shared widgets."""

from journal import __version__

__all__ = ["__version__"]
