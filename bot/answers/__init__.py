"""Compose the assistant's answers from the knowledge database and what the user said.

Pure functions of their inputs (records, entities, settings), so the actions stay thin and every answer
can be checked without Rasa.
"""
