"""Loading the landing directory: reading, checking, pseudonymising, recording."""
