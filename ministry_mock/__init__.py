"""The mock ministry API: a separate FastAPI process that plays the Ministry of Education."""
