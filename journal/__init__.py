"""The application layer: reads state for the front-ends and performs every action once. No
textual: the command line and the app both call it."""

__version__ = "0.1.0"
