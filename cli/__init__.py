"""The `sitbone` command line over the application layer. Never imports textual."""
