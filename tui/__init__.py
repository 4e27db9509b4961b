"""sitbone's terminal app and command line. Importing this package imports no textual."""

__version__ = "0.1.0"
