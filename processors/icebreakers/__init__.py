"""Helpers for personalization facts and icebreakers (used by ``personalization_extractor`` and
``icebreaker_generator``): offline fact extraction, prompts and data blocks for the model, quality gates,
templates, language choice and the ``--sample`` review round. See docs/icebreakers.md."""
