"""Rasa NLU components and the Romanian spaCy pipeline builder.

Importing this package does not import Rasa; config.yml names the component modules directly.
"""
