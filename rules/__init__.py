"""sitbone's rules: plain Python, no I/O, today's date passed in. TUI and CLI both call these."""
