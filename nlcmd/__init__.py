"""Natural-language commands (Russian and English) -> ProcessingCommand."""

from nlcmd.command import ProcessingCommand

__all__ = ["ProcessingCommand", "parse_natural_language_command"]


def parse_natural_language_command(text: str) -> ProcessingCommand:
    """Parse one sentence into a ProcessingCommand (errors come back as action == "error")."""
    from nlcmd.parser import parse

    return parse(text)
