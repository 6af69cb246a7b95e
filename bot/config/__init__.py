"""The trust configuration file: parse and check it, apply it in one transaction, export it."""

from bot.config.apply import apply_config
from bot.config.errors import ConfigError
from bot.config.from_database import export_config
from bot.config.parse import parse_config

__all__ = ["ConfigError", "apply_config", "export_config", "parse_config"]
