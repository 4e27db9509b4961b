"""One module per screen. Screens talk to the store and the rules, never to TinyDB directly."""
