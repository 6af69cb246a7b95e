"""Patient identifiers in chat: normalise the text, then find NHS numbers, dates of birth and
hospital numbers."""
