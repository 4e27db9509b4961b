"""Widgets and drawing helpers shared by the screens: no screen imports another."""
