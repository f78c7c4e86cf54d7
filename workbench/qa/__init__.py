"""Quality checks: small functions that take segments and return findings. No Textual."""
