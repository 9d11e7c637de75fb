"""Fault handling inside the Rasa server process, installed by `python -m bot.server run`.

Rasa 3.6 offers no setting for these, so each module patches one documented place of Rasa 3.6.21 (the
version pinned in requirements/lock.txt); tests/faults/test_patches.py fails when an upgrade moves them.
"""
