"""Faults and bad input: action server down or slow, malformed requests, random text (Hypothesis)."""
