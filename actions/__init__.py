"""Custom actions: thin adapters from Rasa trackers to the answers composed in `bot`."""
