"""Romanian career assistant for call-center operator jobs: text handling, knowledge, answers."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
