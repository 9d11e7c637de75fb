"""Romanian text handling: normalisation and entity extraction, independent of Rasa."""

from bot.text.entities import Experience, Extraction, extract
from bot.text.normalize import fold, normalize_message

__all__ = ["Experience", "Extraction", "extract", "fold", "normalize_message"]
