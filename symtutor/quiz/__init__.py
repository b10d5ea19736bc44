"""Quiz mode: the YAML problem bank, answer checking, mistake diagnosis, sessions, progress.

``bank`` loads and validates ``problems/*.yaml`` (shipped as ``symtutor/quiz/bank_data``),
``dispatch`` maps a problem's command to the task function that derives its reference
solution, ``checking`` and ``diagnosis`` judge an answer, ``session`` runs the loop
against a small I/O interface, ``progress`` and ``scheduling`` keep the review schedule.
"""
