"""Runs from a watch: an activity file (FIT, GPX or TCX, each possibly gzipped) read into an
`Activity`, its laps turned into walk/run segments, and the run built for the journal to
record like any other. No textual."""
