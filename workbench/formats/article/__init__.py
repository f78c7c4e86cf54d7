"""Article formats: plain text and Markdown (read, stream, write back)."""
