"""The daily quiz: question bank from the knowledge, schedules, scores, tick and fan-out."""
