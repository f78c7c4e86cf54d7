"""The domain records: small frozen dataclasses, no behaviour beyond data, no I/O."""
