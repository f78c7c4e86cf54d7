"""Language quality assessment: the QA model (error categories, severities, weights, a
pass/fail threshold), MQM annotations and their TSV form (the layout of the published WMT
MQM data), scores per segment, document, rater/translator and system, and error spans
carried through edits. No Textual, no Rich."""
